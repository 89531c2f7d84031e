using VoiceTraining.Application.Voice.Sessions;
using VoiceTraining.Infrastructure.Voice.Turn;

namespace VoiceTraining.UnitTests.Infrastructure.Voice;

/// <summary>The TURN REST scheme coturn checks under use-auth-secret: username expiry:user, password base64(HMAC-SHA1(secret, username)).</summary>
public class TurnRestCredentialsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid SessionId = Guid.Parse("0193a4b2-7c1d-7e5f-8a9b-0c1d2e3f4a5b");

    [Fact]
    public void The_password_is_the_base64_hmac_sha1_of_rfc_2202s_published_vector()
    {
        // RFC 2202, HMAC-SHA1 test case 2: key "Jefe", data "what do ya want for nothing?",
        // digest effcdf6ae5eb2fa2d27416d5f184df9c259a7c79, here in base64.
        TurnRestCredentials.Password("Jefe", "what do ya want for nothing?").Should().Be("7/zfauXrL6LSdBbV8YTfnCWafHk=");
    }

    [Fact]
    public void A_session_username_and_its_password_match_what_openssl_computes()
    {
        var username = TurnRestCredentials.Username(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), SessionId.ToString());

        username.Should().Be("1700000000:0193a4b2-7c1d-7e5f-8a9b-0c1d2e3f4a5b");
        // printf '1700000000:0193a4b2-7c1d-7e5f-8a9b-0c1d2e3f4a5b' | openssl dgst -sha1 -hmac 'north-sea-turn-secret' -binary | base64
        TurnRestCredentials.Password("north-sea-turn-secret", username).Should().Be("h4cAmWBixCo+APxvBU/hdQtfij4=");
    }

    [Fact]
    public void Credentials_last_as_long_as_the_session_token_unless_a_lifetime_is_configured()
    {
        var tokenExpiresAt = Now.AddMinutes(35);
        var settings = new TurnSettings { TurnUrls = ["turn:turn.example.com:3478"], SharedSecret = "north-sea-turn-secret", StunUrls = ["stun:stun.example.com:3478"] };

        var servers = new IceServers(settings).For(SessionId, tokenExpiresAt, Now);

        servers.Should().HaveCount(2);
        servers[0].Should().BeEquivalentTo(new IceServerDto { Urls = ["stun:stun.example.com:3478"] });
        servers[1].Urls.Should().Equal("turn:turn.example.com:3478");
        servers[1].Username.Should().Be($"{tokenExpiresAt.ToUnixTimeSeconds()}:{SessionId}");
        servers[1].Credential.Should().Be(TurnRestCredentials.Password("north-sea-turn-secret", servers[1].Username!));

        var hourly = new IceServers(new TurnSettings { TurnUrls = settings.TurnUrls, SharedSecret = settings.SharedSecret, CredentialTtlSeconds = 3600 })
            .For(SessionId, tokenExpiresAt, Now);
        hourly.Should().ContainSingle().Which.Username.Should().Be($"{Now.AddHours(1).ToUnixTimeSeconds()}:{SessionId}");
    }

    [Fact]
    public void Local_mode_offers_stun_only_or_nothing()
    {
        var stunOnly = new IceServers(new TurnSettings { StunUrls = ["stun:stun.example.com:3478"] });
        var nothing = new IceServers(new TurnSettings());

        stunOnly.TurnConfigured.Should().BeFalse();
        stunOnly.For(SessionId, Now.AddMinutes(35), Now).Should().ContainSingle().Which.Username.Should().BeNull();
        nothing.For(SessionId, Now.AddMinutes(35), Now).Should().BeEmpty();
    }

    [Fact]
    public void A_session_token_is_random_and_kept_as_its_sha256()
    {
        var (token, hash) = VoiceSessionTokens.Issue();
        var (other, _) = VoiceSessionTokens.Issue();

        token.Should().StartWith("vst_").And.NotBe(other);
        hash.Should().HaveLength(64);
        VoiceSessionTokens.Matches(hash, token).Should().BeTrue("the audio channel accepts the token start-session handed out");
        VoiceSessionTokens.Matches(hash, other).Should().BeFalse();
        // printf 'vst_example' | sha256sum
        VoiceSessionTokens.Hash("vst_example").Should().Be("f522e91ffc4a2c082cc40fe189ddda667c5580f54ebd9d263276affa3748a626");
    }
}
