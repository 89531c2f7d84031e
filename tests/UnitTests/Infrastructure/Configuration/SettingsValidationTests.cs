using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using VoiceTraining.Infrastructure.Configuration;

namespace VoiceTraining.UnitTests.Infrastructure.Configuration;

/// <summary>
/// Each settings class read as the app reads it (section, then the flat environment names, then its
/// validator): the defaults pass, and each bad value is refused by a message that names the setting
/// as a user writes it.
/// </summary>
public class SettingsValidationTests
{
    public static TheoryData<string> Bindings => new() { "Stripe", "Billing", "Vapi", "Recordings", "Email", "Webhooks", "IdentitySync", "IdentityWorker", "InboundWebhooks", "Identity", "RateLimiting", "Turn", "VoiceSessions" };

    [Theory]
    [MemberData(nameof(Bindings))]
    public void The_defaults_pass(string binding)
    {
        Refusal(binding).Should().BeNull();
    }

    [Theory]
    [InlineData("Stripe", "STRIPE_API_BASE_URL", "stripe.local")]
    [InlineData("Stripe", "STRIPE_API_BASE_URL", "ftp://files.example.com")]
    [InlineData("Stripe", "NEXT_PUBLIC_APP_URL", "app.example.com")]
    [InlineData("Billing", "Billing:PastDueGrace", "-1.00:00:00")]
    [InlineData("Vapi", "VAPI_TEMPERATURE", "2.5")]
    [InlineData("Vapi", "VAPI_TEMPERATURE", "-0.1")]
    [InlineData("Vapi", "VOICE_PRICE_PER_MINUTE_USD", "0.10")]
    [InlineData("Vapi", "VAPI_SERVER_URL", "/api/webhooks/vapi")]
    [InlineData("Recordings", "Recordings:MaxBytes", "0")]
    [InlineData("Recordings", "Recordings:PollInterval", "00:00:00")]
    [InlineData("Recordings", "Recordings:Lease", "-00:01:00")]
    [InlineData("Recordings", "Recordings:BatchSize", "0")]
    [InlineData("Recordings", "Recordings:AllowedHosts", "https://storage.vapi.ai")]
    [InlineData("Recordings", "Recordings:AllowedHosts", "storage.vapi.ai, /recordings")]
    [InlineData("Recordings", "Recordings:AllowedHosts", ",")]
    [InlineData("Email", "Email:DailyCap", "0")]
    [InlineData("Email", "Email:RequestsPerSecond", "0")]
    [InlineData("Email", "Email:PollInterval", "00:00:00")]
    [InlineData("Email", "Email:Lease", "00:00:00")]
    [InlineData("Email", "Email:BatchSize", "0")]
    [InlineData("Email", "Email:MaxRetries", "-1")]
    [InlineData("Email", "Email:RetryBaseDelay", "-00:00:01")]
    [InlineData("Email", "Email:MaxRetryAfter", "-00:00:01")]
    [InlineData("Email", "Email:AttemptTimeout", "00:00:00")]
    [InlineData("Email", "Email:DigestScanInterval", "00:00:00")]
    [InlineData("Email", "Email:DigestHourUtc", "24")]
    [InlineData("Email", "EMAIL_FROM", "not an address")]
    [InlineData("Email", "RESEND_API_BASE_URL", "api.resend.com")]
    [InlineData("Email", "MAILGUN_API_BASE_URL", "api.eu.mailgun.net")]
    [InlineData("Webhooks", "Webhooks:Timeout", "00:00:00")]
    [InlineData("Webhooks", "Webhooks:PollInterval", "-00:00:01")]
    [InlineData("Webhooks", "Webhooks:Lease", "00:00:05")]
    [InlineData("Webhooks", "Webhooks:BatchSize", "0")]
    [InlineData("Webhooks", "Webhooks:MaxConcurrency", "0")]
    [InlineData("Webhooks", "Webhooks:MaxConcurrencyPerEndpoint", "0")]
    [InlineData("Webhooks", "Webhooks:OverdueScanInterval", "00:00:00")]
    [InlineData("IdentitySync", "IdentitySync:KeepPendingFor", "00:00:00")]
    [InlineData("IdentitySync", "IdentitySync:DeletedMemberRecordingRetention", "-1.00:00:00")]
    [InlineData("IdentityWorker", "IdentitySync:PollInterval", "00:00:00")]
    [InlineData("IdentityWorker", "IdentitySync:PurgeInterval", "-01:00:00")]
    [InlineData("InboundWebhooks", "CLERK_WEBHOOK_SECRET", "whsec_not base64!")]
    [InlineData("InboundWebhooks", "CLERK_WEBHOOK_SECRET", "whsec_c2hvcnQ=")]
    [InlineData("InboundWebhooks", "CLERK_WEBHOOK_SECRET", "sk_test_pasted_the_wrong_key")]
    [InlineData("InboundWebhooks", "MAILGUN_WEBHOOK_SIGNING_KEY", "key-short")]
    [InlineData("Identity", "CLERK_ISSUER", "clerk.example.com")]
    [InlineData("Identity", "CLERK_JWKS_URL", "not a url")]
    [InlineData("Identity", "CLERK_AUTHORIZED_PARTIES", "https://app.example.com, app.example.com")]
    [InlineData("Identity", "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY", "sk_test_abc")]
    [InlineData("Identity", "SUPABASE_URL", "abcdefgh.supabase.co")]
    [InlineData("Identity", "SUPABASE_JWKS_URL", "jwks.json")]
    [InlineData("Identity", "SUPABASE_JWT_SECRET", "short")]
    [InlineData("Turn", "TURN_SERVER_URL", "turn.example.com:3478")]
    [InlineData("Turn", "TURN_SERVER_URL", "https://turn.example.com")]
    [InlineData("Turn", "TURN_SERVER_URL", "stun:stun.example.com:3478")]
    [InlineData("Turn", "TURN_SHARED_SECRET", "secret-without-a-server")]
    [InlineData("Turn", "STUN_SERVER_URL", "turn:turn.example.com:3478")]
    [InlineData("VoiceSessions", "VoiceSessions:WatchdogInterval", "00:00:00")]
    [InlineData("RateLimiting", "RateLimiting:IpBurst", "0")]
    [InlineData("RateLimiting", "RateLimiting:IpPerSecond", "0")]
    [InlineData("RateLimiting", "RateLimiting:ApiKeyBurst", "-5")]
    [InlineData("RateLimiting", "RateLimiting:ApiKeyPerSecond", "0")]
    public void A_bad_value_is_refused_naming_the_setting(string binding, string setting, string value)
    {
        var refusal = Refusal(binding, (setting, value));

        refusal.Should().NotBeNull().And.StartWith(setting + " ");
    }

    [Fact]
    public void A_forced_email_provider_needs_its_keys_and_resend_a_sender()
    {
        Refusal("Email", ("Email:Provider", "resend")).Should().Contain("RESEND_API_KEY");
        Refusal("Email", ("Email:Provider", "mailgun"), ("MAILGUN_API_KEY", "key")).Should().Contain("MAILGUN_DOMAIN");
        Refusal("Email", ("RESEND_API_KEY", "re_x")).Should().Contain("EMAIL_FROM");
        Refusal("Email", ("RESEND_API_KEY", "re_x"), ("EMAIL_FROM", "Acme <training@acme.example>")).Should().BeNull();
    }

    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    public void A_clerk_secret_as_clerk_shows_it_passes(string secret)
    {
        Refusal("InboundWebhooks", ("CLERK_WEBHOOK_SECRET", secret), ("MAILGUN_WEBHOOK_SIGNING_KEY", "0123456789abcdef0123456789abcdef")).Should().BeNull();
    }

    [Fact]
    public void A_turn_server_needs_its_shared_secret_and_a_credential_lifetime_within_bounds()
    {
        var turn = ("TURN_SERVER_URL", "turn:turn.example.com:3478, turns:turn.example.com:5349?transport=tcp");
        var secret = ("TURN_SHARED_SECRET", "north-sea-turn-secret");

        Refusal("Turn", turn).Should().StartWith("TURN_SHARED_SECRET ");
        Refusal("Turn", turn, ("TURN_SHARED_SECRET", "short")).Should().StartWith("TURN_SHARED_SECRET ");
        Refusal("Turn", turn, secret, ("TURN_CREDENTIAL_TTL_SECONDS", "30")).Should().StartWith("TURN_CREDENTIAL_TTL_SECONDS ");
        Refusal("Turn", turn, secret, ("TURN_CREDENTIAL_TTL_SECONDS", "3600"), ("STUN_SERVER_URL", "stun:[2001:db8::1]:3478,stun:203.0.113.7")).Should().BeNull();
        var read = InfrastructureSettings.Turn.Read(Configuration(turn, secret));
        (read.TurnUrls, read.CredentialTtlSeconds).Should().BeEquivalentTo((new[] { "turn:turn.example.com:3478", "turns:turn.example.com:5349?transport=tcp" }, (int?)null));
    }

    [Fact]
    public void Every_refusal_is_listed_not_only_the_first()
    {
        var refusal = Refusal("Webhooks", ("Webhooks:BatchSize", "0"), ("Webhooks:MaxConcurrency", "0"));

        refusal.Should().Contain("Webhooks:BatchSize").And.Contain("Webhooks:MaxConcurrency");
    }

    [Theory]
    [InlineData("Vapi", "VAPI_TEMPERATURE", "warm")]
    [InlineData("Turn", "TURN_CREDENTIAL_TTL_SECONDS", "an hour")]
    [InlineData("Email", "Email:DailyCap", "lots")]
    [InlineData("Webhooks", "Webhooks:Timeout", "ten seconds")]
    [InlineData("Email", "Email:Provider", "sendgrid")]
    public void A_value_that_does_not_read_as_its_type_is_refused_naming_the_setting(string binding, string setting, string value)
    {
        var read = () => Refusal(binding, (setting, value));

        read.Should().Throw<InvalidOperationException>().WithMessage($"*{setting}*");
    }

    [Fact]
    public void The_contracts_flat_names_still_set_the_values()
    {
        var configuration = Configuration(("STRIPE_API_KEY", "sk_test_v21"), ("NEXT_PUBLIC_APP_URL", "https://app.example.com/"),
            ("VAPI_TEMPERATURE", "0.2"), ("VITE_VAPI_PUBLIC_KEY", "vapi-public"),
            ("STORAGE_ROOT", "/srv/recordings"), ("Recordings:Root", "/ignored"));

        var stripe = InfrastructureSettings.Stripe.Read(configuration);
        var vapi = InfrastructureSettings.Vapi.Read(configuration);
        (stripe.SecretKey, stripe.AppUrl, vapi.Temperature, vapi.PublicKey, InfrastructureSettings.Recordings.Read(configuration).Root)
            .Should().Be(("sk_test_v21", "https://app.example.com", 0.2, "vapi-public", "/srv/recordings"));
    }

    [Fact]
    public void The_adapter_passes_valid_settings_and_fails_with_every_message()
    {
        var adapter = new FluentValidationOptions<VoiceTraining.Infrastructure.Webhooks.Outbound.WebhookOptions>(new VoiceTraining.Infrastructure.Webhooks.Outbound.WebhookOptionsValidator());

        adapter.Validate(Options.DefaultName, new()).Succeeded.Should().BeTrue();
        var failed = adapter.Validate(Options.DefaultName, new() { BatchSize = 0, Lease = TimeSpan.FromSeconds(1) });
        failed.Failed.Should().BeTrue();
        failed.Failures.Should().HaveCount(2);
    }

    /// <summary>The start-up's message for these settings, or null when they pass.</summary>
    private static string? Refusal(string binding, params (string Key, string Value)[] values)
    {
        var configuration = Configuration(values);
        try
        {
            object _ = binding switch
            {
                "Stripe" => InfrastructureSettings.Stripe.Read(configuration),
                "Billing" => InfrastructureSettings.Billing.Read(configuration),
                "Vapi" => InfrastructureSettings.Vapi.Read(configuration),
                "Recordings" => InfrastructureSettings.Recordings.Read(configuration),
                "Email" => InfrastructureSettings.Email.Read(configuration),
                "Webhooks" => InfrastructureSettings.Webhooks.Read(configuration),
                "IdentitySync" => InfrastructureSettings.IdentitySync.Read(configuration),
                "IdentityWorker" => InfrastructureSettings.IdentityWorker.Read(configuration),
                "InboundWebhooks" => InfrastructureSettings.InboundWebhooks.Read(configuration),
                "Identity" => ApiComposition.IdentityBinding.Read(configuration),
                "RateLimiting" => ApiComposition.RateLimitingBinding.Read(configuration),
                "Turn" => InfrastructureSettings.Turn.Read(configuration),
                "VoiceSessions" => InfrastructureSettings.VoiceSessions.Read(configuration),
                _ => throw new ArgumentOutOfRangeException(nameof(binding), binding, null),
            };
            return null;
        }
        catch (OptionsValidationException e)
        {
            return e.Message;
        }
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
