using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Infrastructure.Identity;
using VoiceTraining.Infrastructure.Security;
using VoiceTraining.Infrastructure.Workers.Scheduling;

namespace VoiceTraining.Api.IntegrationTests.Identity;

/// <summary>The API with Clerk's webhook secret, Supabase sign-in and Mailgun inbound configured, on a clock tests can move.</summary>
public sealed class IdentityFixture : ApiFixture
{
    /// <summary>A Svix-style secret: whsec_ + base64 of 24 random-looking bytes.</summary>
    public static readonly string ClerkSecret = "whsec_" + Convert.ToBase64String(Encoding.ASCII.GetBytes("clerk-webhook-test-key-24"));
    public const string MailgunSigningKey = "key-mailgun-signing-test-5e1f";
    public const string MailgunDomain = "mg.example.test";
    public const string SupabaseUrl = "https://project-ref.supabase.example.test";
    public const string SupabaseJwtSecret = "super-secret-jwt-token-with-at-least-32-characters-long";

    private readonly ManualClock _clock = new();

    public override TimeProvider? Clock => _clock;

    public ManualClock ManualClock => _clock;

    /// <summary>Supabase's JWKS is served by a second identity server (asymmetric keys).</summary>
    public JwksServer SupabaseJwks { get; private set; } = null!;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["CLERK_WEBHOOK_SECRET"] = ClerkSecret;
        settings["MAILGUN_WEBHOOK_SIGNING_KEY"] = MailgunSigningKey;
        settings["MAILGUN_DOMAIN"] = MailgunDomain;
        settings["SUPABASE_URL"] = SupabaseUrl;
        settings["SUPABASE_JWT_SECRET"] = SupabaseJwtSecret;
        settings["SUPABASE_JWKS_URL"] = SupabaseJwks.Issuer + "/.well-known/jwks.json";
        settings["IdentitySync:DeletedMemberRecordingRetention"] = "30.00:00:00";
    }

    public override async Task InitializeAsync()
    {
        SupabaseJwks = await JwksServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await SupabaseJwks.DisposeAsync();
    }

    /// <summary>Clerk's envelope around a data object.</summary>
    public static string ClerkEvent(string type, JsonObject data) => new JsonObject
    {
        ["data"] = data,
        ["object"] = "event",
        ["type"] = type,
        ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        ["instance_id"] = "ins_test",
    }.ToJsonString();

    public static JsonObject User(string id, string email, string first, string last, string? orgId = null, string? role = null)
    {
        var metadata = new JsonObject();
        if (orgId is not null) metadata["org_id"] = orgId;
        if (role is not null) metadata["role"] = role;
        return new JsonObject
        {
            ["id"] = id,
            ["object"] = "user",
            ["first_name"] = first,
            ["last_name"] = last,
            ["primary_email_address_id"] = "idn_primary",
            ["email_addresses"] = new JsonArray(
                new JsonObject { ["id"] = "idn_other", ["object"] = "email_address", ["email_address"] = "old." + email },
                new JsonObject { ["id"] = "idn_primary", ["object"] = "email_address", ["email_address"] = email }),
            ["public_metadata"] = metadata,
            ["private_metadata"] = new JsonObject(),
            ["created_at"] = 1654012591514,
        };
    }

    public static JsonObject Membership(string orgId, string userId, string role, string? email = null, string? first = null) => new()
    {
        ["id"] = "orgmem_" + Guid.NewGuid().ToString("N")[..12],
        ["object"] = "organization_membership",
        ["role"] = role,
        ["organization"] = new JsonObject { ["id"] = orgId, ["name"] = "Org " + orgId, ["slug"] = orgId, ["object"] = "organization" },
        ["public_user_data"] = new JsonObject
        {
            ["user_id"] = userId,
            ["identifier"] = email,
            ["first_name"] = first,
            ["last_name"] = "Synced",
        },
    };

    /// <summary>Posts a Clerk event signed the way Svix signs it (Standard Webhooks v1).</summary>
    public async Task<HttpResponseMessage> PostClerkAsync(string body, string? svixId = null, DateTimeOffset? at = null, string? signature = null)
    {
        svixId ??= "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = (at ?? ManualClock.GetUtcNow()).ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/clerk") { Content = ClientHttp.RawJson(body) };
        request.Headers.TryAddWithoutValidation("svix-id", svixId);
        request.Headers.TryAddWithoutValidation("svix-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("svix-signature", signature ?? StandardWebhooks.Sign(ClerkSecret, svixId, timestamp, Encoding.UTF8.GetBytes(body)));
        return await Anonymous().SendAsync(request);
    }

    /// <summary>Delivers a Clerk event and returns the outcome the API reports.</summary>
    public async Task<string> DeliverClerkAsync(string type, JsonObject data, string? svixId = null)
    {
        using var response = await PostClerkAsync(ClerkEvent(type, data), svixId);
        return (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome");
    }

    /// <summary>The job that retries identity events waiting for their organization (its worker is off in tests).</summary>
    internal PendingIdentityEventJob PendingEvents => Factory.Services.GetRequiredService<PendingIdentityEventJob>();

    /// <summary>
    /// What the job's worker would do with the events due now: claim, retry each, settle, until
    /// nothing is due. Returns what each retry came to.
    /// </summary>
    internal async Task<List<PendingIdentityEventRetried>> RetryDueIdentityEventsAsync()
    {
        var job = PendingEvents;
        var all = new List<PendingIdentityEventRetried>();
        while (await job.ClaimAsync(50, CancellationToken.None) is { Count: > 0 } claimed)
        {
            var outcomes = new List<PendingIdentityEventRetried>();
            foreach (var item in claimed) outcomes.Add(await job.HandleAsync(item, CancellationToken.None));
            await job.SettleAsync(outcomes, CancellationToken.None);
            all.AddRange(outcomes);
        }
        return all;
    }

    /// <summary>Runs a registered scheduled job as the host would (once it is due); returns whether it ran.</summary>
    internal Task<bool> RunScheduledJobAsync(string name)
    {
        var job = Factory.Services.GetServices<IScheduledJob>().Single(j => j.Name == name);
        var host = new ScheduledJobHost([job], Factory.Services.GetRequiredService<JobSchedules>(), ManualClock, NullLogger<ScheduledJobHost>.Instance);
        return host.RunIfDueAsync(job, CancellationToken.None);
    }
}
