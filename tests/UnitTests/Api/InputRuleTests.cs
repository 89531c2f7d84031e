using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using VoiceTraining.Api.Http;

namespace VoiceTraining.UnitTests.Api;

public sealed class TextInputRuleTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("tab\tline\nreturn\r")]
    [InlineData("ümlaut, 漢字 and 😀 (a surrogate pair)")]
    [InlineData("\u007f and \u0085 are not C0")]
    public void Ordinary_text_is_allowed(string text) => TextInputRule.WhyRefused(text).Should().BeNull();

    [Theory]
    [InlineData("nul\u0000", "U+0000")]
    [InlineData("\u0001", "U+0001")]
    [InlineData("bell\u0007", "U+0007")]
    [InlineData("escape\u001b[0m", "U+001B")]
    [InlineData("\u001f", "U+001F")]
    public void C0_controls_other_than_tab_lf_and_cr_are_refused_by_code_point(string text, string named) =>
        TextInputRule.WhyRefused(text).Should().Contain(named);

    [Fact]
    public void Unpaired_surrogates_are_refused()
    {
        // Built at run time: attribute arguments are stored as UTF-8, where a lone surrogate cannot survive.
        const char high = '\ud800', low = '\udc00';
        foreach (var text in new[] { "lone high " + high, low + " lone low", "reversed " + low + high, "high at the end" + high })
            TextInputRule.WhyRefused(text).Should().Contain("unpaired surrogate", "'{0}' has one", text);
        TextInputRule.WhyRefused("paired " + high + low).Should().BeNull();
    }
}

public sealed class DatabaseOutageTests
{
    public static TheoryData<string, Exception> Outages => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)) },
        { "pool wait timed out", new NpgsqlException("The connection pool has been exhausted", new TimeoutException()) },
        { "cut while reading", new NpgsqlException("Exception while reading from stream", new IOException("reset")) },
        { "wrapped by EF", new InvalidOperationException("transient failure", new NpgsqlException("x", new SocketException())) },
        { "on save", new DbUpdateException("save", new NpgsqlException("x", new IOException())) },
        { "retries exhausted", new RetryLimitExceededException("gave up", new NpgsqlException("x", new TimeoutException())) },
        { "server shutting down", Postgres(PostgresErrorCodes.AdminShutdown) },
        { "server starting up", Postgres(PostgresErrorCodes.CannotConnectNow) },
        { "too many connections", Postgres(PostgresErrorCodes.TooManyConnections) },
        { "connection failure state", Postgres(PostgresErrorCodes.ConnectionFailure) },
        { "in an aggregate", new AggregateException(new NpgsqlException("x", new SocketException())) },
    };

    public static TheoryData<string, Exception> NotOutages => new()
    {
        { "unique violation", new DbUpdateException("save", Postgres(PostgresErrorCodes.UniqueViolation)) },
        // Transient for Npgsql, but the statement's own: a retry of the request is the caller's choice, not an outage.
        { "serialization failure", Postgres(PostgresErrorCodes.SerializationFailure) },
        { "deadlock", Postgres(PostgresErrorCodes.DeadlockDetected) },
        { "nul in text", Postgres(PostgresErrorCodes.CharacterNotInRepertoire) },
        { "a bug", new InvalidOperationException("a bug") },
        { "an HTTP client's socket", new HttpRequestException("x", new SocketException()) },
        { "not transient", new NpgsqlException("bad connection string") },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void These_are_outages(string why, Exception failure) => DatabaseOutage.Is(failure).Should().BeTrue(why);

    [Theory]
    [MemberData(nameof(NotOutages))]
    public void These_are_not(string why, Exception failure) => DatabaseOutage.Is(failure).Should().BeFalse(why);

    private static PostgresException Postgres(string state) => new("message", "ERROR", "ERROR", state);
}
