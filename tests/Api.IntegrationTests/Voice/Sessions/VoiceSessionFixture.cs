using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Flags;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Api.IntegrationTests.Voice.Sessions;

/// <summary>
/// The API on a <see cref="ManualClock"/> with TURN and STUN configured (credentials are only
/// minted; <c>TurnServerTests</c> checks them against a real coturn). Workers are off: the
/// watchdog has its own fixture.
/// </summary>
public class VoiceSessionFixture : ApiFixture
{
    public const string TurnSecret = "turn-shared-secret-for-tests-6b1d";
    public const string TurnUrls = "turn:turn.example.test:3478,turns:turn.example.test:5349?transport=tcp";
    public const string StunUrl = "stun:stun.example.test:3478";
    /// <summary>The identity-provider user id of the platform operator (PLATFORM_OPERATOR_USER_IDS).</summary>
    public const string OperatorUserId = "user_voice_platform_operator";

    public ManualClock ManualClock { get; } = new();

    public override TimeProvider? Clock => ManualClock;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["TURN_SERVER_URL"] = TurnUrls;
        settings["TURN_SHARED_SECRET"] = TurnSecret;
        settings["STUN_SERVER_URL"] = StunUrl;
        settings["PLATFORM_OPERATOR_USER_IDS"] = OperatorUserId;
    }

    /// <summary>Adds the platform operator as an admin of the organization (once per fixture: the user id is the configured one).</summary>
    public Task<SeededMember> AddOperatorAsync(SeededOrganization org) => WithDbAsync(async db =>
    {
        var member = new Domain.Members.Member(org.Id, OperatorUserId, $"operator.{Guid.NewGuid():N}@example.test", "Pat Operator",
            Domain.Members.MemberRole.Admin, ManualClock.GetUtcNow());
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return new SeededMember(member.Id, org.Id, org.ExternalId, OperatorUserId, member.Email, member.Name, member.Role);
    });

    /// <summary>Sets a feature flag the way the admin endpoints do (the flags core's writer, in a transaction).</summary>
    public async Task SetFlagAsync(FlagChange change)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<FeatureFlagWriter>();
        await scope.ServiceProvider.GetRequiredService<ITransactionRunner>().RunAsync(ct => writer.SetAsync(change, ct), CancellationToken.None);
    }

    /// <summary>A private organization whose trainee holds a voice AI SIM (voice_ai_enabled on for them).</summary>
    public async Task<SeededOrganization> OrganizationWithVoiceAsync()
    {
        var org = await SeedOrganizationAsync("Voice");
        await GrantVoiceAsync(org.Trainee);
        return org;
    }

    /// <summary>Gives the member an assigned SIM, as an admin's assignment would.</summary>
    public Task GrantVoiceAsync(SeededMember member) => WithDbAsync(async db =>
    {
        var sim = new UserVoiceAddOn(member.OrgId, member.Id, ManualClock.GetUtcNow());
        sim.Assign(null, ManualClock.GetUtcNow());
        db.UserVoiceAddOns.Add(sim);
        await db.SaveChangesAsync();
    });

    public async Task<JsonElement> StartAsync(SeededMember member, Guid scenarioId, int expectedMinutes = 10)
    {
        using var response = await ClientFor(member).PostJsonAsync("/api/voice/start-session", new { scenarioId, expectedDurationMinutes = expectedMinutes });
        return await response.ShouldHaveStatus(HttpStatusCode.Created);
    }

    public async Task<JsonElement> EndAsync(SeededMember member, Guid sessionId)
    {
        using var response = await ClientFor(member).PostJsonAsync("/api/voice/end-session", new { sessionId });
        return await response.ShouldHaveStatus(HttpStatusCode.OK);
    }

    /// <summary>Sets the organization's own voice settings through the API, as its admin.</summary>
    public async Task SetVoiceSettingsAsync(SeededOrganization org, decimal pricePerMinute, decimal threshold, int maxSessionMinutes)
    {
        using var response = await ClientFor(org.Admin).PutJsonAsync("/api/voice/settings",
            new { pricePerMinute, circuitBreakerThreshold = threshold, maxSessionMinutes });
        await response.ShouldHaveStatus(HttpStatusCode.OK);
    }

    public Task<VoiceSession> SessionAsync(Guid id) =>
        WithDbAsync(db => db.VoiceSessions.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.Id == id));

    public Task<Attempt> AttemptAsync(Guid id) =>
        WithDbAsync(db => db.Attempts.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == id));

    public Task<List<Domain.Usage.VoiceUsageRecord>> UsageOfAsync(Guid attemptId) =>
        WithDbAsync(db => db.VoiceUsageRecords.IgnoreQueryFilters().AsNoTracking().Where(u => u.AttemptId == attemptId).ToListAsync());

    /// <summary>Puts a conversation on the session's attempt, as the audio pipeline writes the turns it hears.</summary>
    public Task SpeakAsync(Guid attemptId) => WithDbAsync(async db =>
    {
        var attempt = await db.Attempts.IgnoreQueryFilters().SingleAsync(a => a.Id == attemptId);
        attempt.TranscriptUpdated(null, Conversation, ManualClock.GetUtcNow());
        await db.SaveChangesAsync();
    });

    /// <summary>The trainee asks two questions and for the meeting (the seeded rubric's phrase).</summary>
    public static readonly IReadOnlyList<TranscriptTurn> Conversation =
    [
        new() { Role = "assistant", Text = "Hello, this is Sarah.", TimestampMs = 0, EndMs = 2000 },
        new() { Role = "user", Text = "Hi Sarah, do you have two minutes?", TimestampMs = 2600, EndMs = 6000 },
        new() { Role = "assistant", Text = "I suppose so. What is this about?", TimestampMs = 6800, EndMs = 10000 },
        new() { Role = "user", Text = "What matters most to you when you compare lenders?", TimestampMs = 10700, EndMs = 14000 },
        new() { Role = "assistant", Text = "The total cost, and someone who answers the phone.", TimestampMs = 14800, EndMs = 20000 },
        new() { Role = "user", Text = "Could we set up a short meeting on Thursday to walk through the numbers?", TimestampMs = 20700, EndMs = 26000 },
        new() { Role = "assistant", Text = "Thursday afternoon works.", TimestampMs = 26800, EndMs = 29000 },
    ];

    /// <summary>The stream's voice.session.ended for this session (skipping any other update that comes first).</summary>
    public static async Task<LiveStream.Event> SessionEndedAsync(LiveStream stream, Guid sessionId)
    {
        while (true)
        {
            // Generous: on a busy machine the notification, the listener and the stream all wait for a core.
            var next = await stream.NextAsync(TimeSpan.FromSeconds(15));
            if (next.Type == "voice.session.ended" && next.Data.Id("sessionId") == sessionId) return next;
        }
    }

    /// <summary>TURN REST, computed here from the scheme's definition: base64(HMAC-SHA1(secret, username)).</summary>
#pragma warning disable CA5350 // SHA-1 is what TURN's scheme is defined with.
    public static string TurnPassword(string secret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
#pragma warning restore CA5350

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
