using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Api.IntegrationTests.Voice.Providers;

/// <summary>The turn endpoint on the local stand-ins (VoiceProviders:Mode=local): the whole turn, and who may take one.</summary>
public sealed class VoiceTurnTests(LocalVoiceFixture fixture) : IClassFixture<LocalVoiceFixture>
{
    [Fact]
    public async Task A_text_turn_gets_the_local_buyers_labelled_reply_as_speech_and_both_sides_land_on_the_transcript()
    {
        var session = await VoiceSessionSeed.CreateAsync(fixture, fixture.OrgA, fixture.OrgA.Trainee);
        var client = fixture.ClientFor(fixture.OrgA.Trainee);

        using var first = await client.SendAsync(VoiceSessionSeed.Turn(session, text: "Hi, I am calling about your onboarding."));
        var answer = await first.ShouldHaveStatus(HttpStatusCode.OK);

        answer.GetProperty("userText").GetString().Should().Be("Hi, I am calling about your onboarding.");
        answer.GetProperty("buyerText").GetString().Should().StartWith("[local AI buyer] Hello, this is Sarah");
        answer.GetProperty("providers").GetProperty("llm").GetString().Should().Be("local-buyer");
        answer.GetProperty("providers").GetProperty("textToSpeech").GetString().Should().Be("local-text-to-speech");
        answer.GetProperty("providers").GetProperty("speechToText").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        answer.GetProperty("providers").GetProperty("local").GetBoolean().Should().BeTrue();
        var audio = answer.GetProperty("audio");
        audio.GetProperty("contentType").GetString().Should().Be("audio/wav");
        audio.GetProperty("sampleRate").GetInt32().Should().Be(16_000);
        var wav = Convert.FromBase64String(audio.GetProperty("base64").GetString()!);
        System.Text.Encoding.ASCII.GetString(wav, 0, 4).Should().Be("RIFF");
        audio.GetProperty("durationMs").GetInt32().Should().Be((wav.Length - 44) * 1000 / 32_000);

        using var second = await client.SendAsync(VoiceSessionSeed.Turn(session, text: "It matters because your team is growing."));
        (await second.ShouldHaveStatus(HttpStatusCode.OK)).GetProperty("buyerText").GetString().Should().Contain("Why would that matter");

        var attempt = await VoiceSessionSeed.AttemptAsync(fixture, session.AttemptId);
        attempt.Transcript.Select(t => (t.Role, t.Text.Split(' ')[0])).Should().Equal(("user", "Hi,"), ("assistant", "[local"), ("user", "It"), ("assistant", "[local"));
        attempt.Transcript.Select(t => t.TimestampMs).Should().BeInAscendingOrder();
        attempt.Transcript[1].EndMs.Should().BeGreaterThan(attempt.Transcript[1].TimestampMs);
        var stored = await VoiceSessionSeed.SessionAsync(fixture, session.Id);
        stored.LastActivityAt.Should().BeAfter(stored.StartedAt);
        stored.ProviderSwitches.Switches.Should().BeEmpty("the session kept the providers it started with");
    }

    [Fact]
    public async Task An_audio_turn_is_transcribed_by_the_local_stand_in_with_its_length()
    {
        var session = await VoiceSessionSeed.CreateAsync(fixture, fixture.OrgA, fixture.OrgA.Trainee);
        using var response = await fixture.ClientFor(fixture.OrgA.Trainee).SendAsync(VoiceSessionSeed.Turn(session, audio: VoiceSessionSeed.Wav(1.5)));
        var answer = await response.ShouldHaveStatus(HttpStatusCode.OK);
        answer.GetProperty("userText").GetString().Should().Be("[local speech-to-text] 1.5 seconds of speech");
        answer.GetProperty("providers").GetProperty("speechToText").GetString().Should().Be("local-speech-to-text");
        var attempt = await VoiceSessionSeed.AttemptAsync(fixture, session.AttemptId);
        attempt.Transcript[0].EndMs.Should().Be(attempt.Transcript[0].TimestampMs + 1500);
    }

    [Fact]
    public async Task Raw_pcm_is_taken_as_audio_pcm_and_other_audio_is_refused()
    {
        var session = await VoiceSessionSeed.CreateAsync(fixture, fixture.OrgA, fixture.OrgA.Trainee);
        var client = fixture.ClientFor(fixture.OrgA.Trainee);
        var pcm = VoiceSessionSeed.Wav(1.0)[44..];

        using var raw = await client.SendAsync(VoiceSessionSeed.Turn(session, audio: pcm, audioType: "audio/pcm;rate=16000;channels=1"));
        (await raw.ShouldHaveStatus(HttpStatusCode.OK)).GetProperty("userText").GetString().Should().Contain("1.0 seconds");

        using var stereo = await client.SendAsync(VoiceSessionSeed.Turn(session, audio: VoiceSessionSeed.Wav(1.0, channels: 2)));
        await stereo.ShouldBeValidationProblem("audio");
        using var rate = await client.SendAsync(VoiceSessionSeed.Turn(session, audio: VoiceSessionSeed.Wav(1.0, sampleRate: 44_100)));
        await rate.ShouldBeValidationProblem("audio");
        using var unknown = await client.SendAsync(VoiceSessionSeed.Turn(session, audio: pcm, audioType: "application/octet-stream"));
        await unknown.ShouldBeValidationProblem("audio");
        using var neither = await client.SendAsync(VoiceSessionSeed.Turn(session, text: "  "));
        await neither.ShouldBeValidationProblem("text");
        using var both = await client.SendAsync(VoiceSessionSeed.Turn(session, text: "Hello", audio: VoiceSessionSeed.Wav(0.5)));
        await both.ShouldBeValidationProblem("text");
    }

    [Fact]
    public async Task Audio_over_the_turn_limit_is_a_413()
    {
        var session = await VoiceSessionSeed.CreateAsync(fixture, fixture.OrgA, fixture.OrgA.Trainee);
        // The default limit is 2 MiB: 70 s of 16 kHz mono PCM is more.
        using var response = await fixture.ClientFor(fixture.OrgA.Trainee).SendAsync(VoiceSessionSeed.Turn(session, audio: VoiceSessionSeed.Wav(70)));
        (await response.ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge)).GetProperty("detail").GetString().Should().Contain("larger than a turn takes");
        (await VoiceSessionSeed.AttemptAsync(fixture, session.AttemptId)).Transcript.Should().BeEmpty();
    }

    [Fact]
    public async Task Only_the_sessions_member_with_its_token_may_take_a_turn_and_an_ended_session_takes_none()
    {
        var session = await VoiceSessionSeed.CreateAsync(fixture, fixture.OrgA, fixture.OrgA.Trainee);

        using var teammate = await fixture.ClientFor(fixture.OrgA.Teammate).SendAsync(VoiceSessionSeed.Turn(session, text: "Hello"));
        (await teammate.ShouldBeProblem(HttpStatusCode.Forbidden)).GetProperty("detail").GetString().Should().Contain("another member");
        using var admin = await fixture.ClientFor(fixture.OrgA.Admin).SendAsync(VoiceSessionSeed.Turn(session, text: "Hello"));
        await admin.ShouldBeProblem(HttpStatusCode.Forbidden);
        using var wrongToken = await fixture.ClientFor(fixture.OrgA.Trainee).SendAsync(VoiceSessionSeed.Turn(session, text: "Hello", token: "vst_not-the-token"));
        (await wrongToken.ShouldBeProblem(HttpStatusCode.Forbidden)).GetProperty("detail").GetString().Should().Contain("X-Voice-Session-Token");
        using var otherOrg = await fixture.ClientFor(fixture.OrgB.Admin).SendAsync(VoiceSessionSeed.Turn(session, text: "Hello"));
        await otherOrg.ShouldBeProblem(HttpStatusCode.NotFound);

        await fixture.WithDbAsync(async db =>
        {
            var stored = await db.VoiceSessions.IgnoreQueryFilters().SingleAsync(s => s.Id == session.Id);
            stored!.End(VoiceSessionEndReasons.Completed, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });
        using var ended = await fixture.ClientFor(fixture.OrgA.Trainee).SendAsync(VoiceSessionSeed.Turn(session, text: "Hello"));
        (await ended.ShouldBeProblem(HttpStatusCode.Conflict)).GetProperty("detail").GetString().Should().Contain("ended (completed)");
        (await VoiceSessionSeed.AttemptAsync(fixture, session.AttemptId)).Transcript.Should().BeEmpty("no refused turn reached the transcript");
    }

    [Fact]
    public async Task A_member_whose_sim_is_taken_back_mid_session_is_refused_the_next_turn_naming_the_flag()
    {
        var session = await VoiceSessionSeed.CreateAsync(fixture, fixture.OrgA, fixture.OrgA.Loner);
        var client = fixture.ClientFor(fixture.OrgA.Loner);
        using var first = await client.SendAsync(VoiceSessionSeed.Turn(session, text: "Hi, I am calling about your onboarding."));
        await first.ShouldHaveStatus(HttpStatusCode.OK);

        await fixture.WithDbAsync(async db =>
        {
            var sim = await db.UserVoiceAddOns.IgnoreQueryFilters().SingleAsync(u => u.MemberId == fixture.OrgA.Loner.Id);
            sim.Unassign(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });
        using var second = await client.SendAsync(VoiceSessionSeed.Turn(session, text: "Are you still there?"));

        (await second.ShouldBeProblem(HttpStatusCode.Forbidden)).GetProperty("detail").GetString().Should().Contain("voice_ai_enabled");
        (await VoiceSessionSeed.AttemptAsync(fixture, session.AttemptId)).Transcript.Should().HaveCount(2, "only the first turn's two sides were kept");
    }

    [Fact]
    public async Task The_admin_page_lists_the_local_stand_ins_as_such()
    {
        using var response = await fixture.ClientFor(fixture.OrgA.Admin).GetAsync("/api/admin/voice-providers");
        var body = await response.ShouldHaveStatus(HttpStatusCode.OK);
        body.GetProperty("status").GetString().Should().Be("local");
        body.GetProperty("providers").EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("local").GetBoolean(), p.GetProperty("role").GetString()))
            .Should().Equal(("local-speech-to-text", true, "primary"), ("local-buyer", true, "primary"), ("local-text-to-speech", true, "primary"));
        using var trainee = await fixture.ClientFor(fixture.OrgA.Trainee).GetAsync("/api/admin/voice-providers");
        await trainee.ShouldBeProblem(HttpStatusCode.Forbidden);
    }
}

/// <summary>The API with the voice pipeline on its local stand-ins (chosen explicitly, as outside Development it must be).</summary>
public sealed class LocalVoiceFixture : ApiFixture
{
    protected override void Configure(IDictionary<string, string?> settings) => settings["VoiceProviders:Mode"] = "local";
}
