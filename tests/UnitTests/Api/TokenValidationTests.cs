using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;
using VoiceTraining.Api.Authentication;

namespace VoiceTraining.UnitTests.Api;

/// <summary>The pieces around the token library: lifetime on the app's clock, refusal wording, JWKS reading.</summary>
public class TokenValidationTests
{
    private static readonly SymmetricSecurityKey Key = new(new byte[32]) { KeyId = "k1" };
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Token(DateTimeOffset notBefore, DateTimeOffset? expires) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://issuer.test",
            NotBefore = notBefore.UtcDateTime,
            Expires = expires?.UtcDateTime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });

    private static Task<TokenValidationResult> ValidateAsync(string token, TimeProvider clock) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "https://issuer.test",
            ValidateAudience = false,
            IssuerSigningKey = Key,
            ClockSkew = IssuerSchemes.ClockSkew,
            LifetimeValidator = TokenLifetime.On(clock),
        });

    [Fact]
    public async Task Lifetime_is_judged_on_the_given_clock()
    {
        var clock = new FakeTimeProvider(Start);
        var token = Token(Start.AddMinutes(-1), Start.AddMinutes(10));

        (await ValidateAsync(token, clock)).IsValid.Should().BeTrue();
        clock.Advance(TimeSpan.FromMinutes(10) + IssuerSchemes.ClockSkew + TimeSpan.FromSeconds(1));
        var expired = await ValidateAsync(token, clock);

        expired.IsValid.Should().BeFalse();
        expired.Exception.Should().BeOfType<SecurityTokenExpiredException>();
    }

    [Fact]
    public async Task Tokens_before_their_nbf_or_without_exp_are_refused()
    {
        var clock = new FakeTimeProvider(Start);

        var early = await ValidateAsync(Token(Start.AddMinutes(5), Start.AddMinutes(15)), clock);
        var endless = await ValidateAsync(Token(Start.AddMinutes(-1), null), clock);

        early.Exception.Should().BeOfType<SecurityTokenNotYetValidException>();
        endless.Exception.Should().BeOfType<SecurityTokenNoExpirationException>();
    }

    public static TheoryData<Exception, string> Failures() => new()
    {
        { new SecurityTokenExpiredException("IDX10223: Lifetime validation failed."), CredentialRefusal.Expired },
        { new SecurityTokenNotYetValidException("IDX10222"), CredentialRefusal.NotYetValid },
        { new SecurityTokenNoExpirationException("IDX10225"), CredentialRefusal.NoExpiry },
        { new SecurityTokenInvalidIssuerException("IDX10205"), CredentialRefusal.IssuerNotTrusted },
        { new SecurityTokenInvalidAudienceException("IDX10214"), CredentialRefusal.WrongAudience },
        { new SecurityTokenSignatureKeyNotFoundException("IDX10503: kid: 'kid-123'"), CredentialRefusal.UnknownKey },
        { new SecurityTokenInvalidSignatureException("IDX10511: kid: 'kid-123'"), CredentialRefusal.BadSignature },
        { new SecurityTokenInvalidAlgorithmException("IDX10696"), CredentialRefusal.AlgorithmNotAllowed },
        { new SecurityTokenMalformedException("IDX14100"), CredentialRefusal.NotAJwt },
        { new AggregateException(new SecurityTokenExpiredException("IDX10223")), CredentialRefusal.Expired },
        { new CredentialRefusedException(CredentialRefusal.AuthorizedPartyNotAllowed), CredentialRefusal.AuthorizedPartyNotAllowed },
        { new SecurityTokenException("IDX10000"), CredentialRefusal.Invalid },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Library_failures_become_reasons_in_the_callers_words(Exception failure, string reason)
    {
        CredentialRefusal.Describe(failure).Should().Be(reason).And.NotContain("IDX");
    }

    [Fact]
    public void Failures_that_are_not_the_tokens_have_no_reason()
    {
        CredentialRefusal.Describe(new InvalidOperationException("The database is unreachable.")).Should().BeNull();
    }

    [Fact]
    public void An_unknown_key_before_any_keys_were_loaded_means_the_issuer_was_unreachable()
    {
        CredentialRefusal.Describe(new SecurityTokenSignatureKeyNotFoundException("IDX10500"), keysLoaded: false)
            .Should().Be(CredentialRefusal.KeysUnavailable);
    }

    private sealed class Document(string json) : IDocumentRetriever
    {
        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) => Task.FromResult(json);
    }

    [Fact]
    public async Task A_jwks_document_becomes_the_signing_keys_without_encryption_keys()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)));
        object Key(string kid, string use) => new { kty = "RSA", kid, use, alg = "RS256", n = jwk.N, e = jwk.E };
        var json = JsonSerializer.Serialize(new { keys = new[] { Key("sig-1", "sig"), Key("enc-1", "enc") } });
        var retriever = new JwksRetriever(NullLogger<JwksRetriever>.Instance);
        retriever.KeysLoaded.Should().BeFalse();

        var configuration = await retriever.GetConfigurationAsync("https://issuer.test/.well-known/jwks.json", new Document(json), CancellationToken.None);

        configuration.SigningKeys.Select(k => k.KeyId).Should().Equal("sig-1");
        retriever.KeysLoaded.Should().BeTrue();
    }

    private sealed class Unreachable : IDocumentRetriever
    {
        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) =>
            throw new IOException("IDX20804: Unable to retrieve document.");
    }

    [Fact]
    public async Task An_unreachable_jwks_is_reported_to_the_configuration_manager_and_loads_no_keys()
    {
        var retriever = new JwksRetriever(NullLogger<JwksRetriever>.Instance);

        var load = () => retriever.GetConfigurationAsync("https://issuer.test/.well-known/jwks.json", new Unreachable(), CancellationToken.None);

        // The manager keeps the keys it has when a refresh throws.
        await load.Should().ThrowAsync<IOException>();
        retriever.KeysLoaded.Should().BeFalse();
    }
}
