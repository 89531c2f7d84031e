using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Application.Voice.Turns;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Api.IntegrationTests.Voice.Providers;

/// <summary>A voice session as start-session makes one: its attempt, the providers the router chooses now, and the token (only its hash is stored).</summary>
public sealed record SeededVoiceSession(Guid Id, Guid AttemptId, string Token);

/// <summary>Creates voice sessions straight through the app's DbContext, and sends turns the way the browser does.</summary>
public static class VoiceSessionSeed
{
    public static async Task<SeededVoiceSession> CreateAsync(ApiFixture fixture, SeededOrganization org, SeededMember member, ApiFactory? factory = null)
    {
        var services = (factory ?? fixture.Factory).Services;
        var choice = await services.GetRequiredService<IVoiceProviderRouter>().ChooseForNewSessionAsync(CancellationToken.None);
        var token = "vst_" + Guid.NewGuid().ToString("N");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        return await fixture.WithDbAsync(async db =>
        {
            // start-session only opens a session for a member with voice AI: an assigned SIM.
            if (!await db.UserVoiceAddOns.IgnoreQueryFilters().AnyAsync(u => u.MemberId == member.Id && u.VoiceAddOnActive))
            {
                var sim = new UserVoiceAddOn(org.Id, member.Id, now);
                sim.Assign(null, now);
                db.UserVoiceAddOns.Add(sim);
            }
            var attempt = new Attempt(org.Id, member.Id, org.PublishedScenarioId, null, now);
            db.Attempts.Add(attempt);
            var settings = await db.VoiceSettings.AsNoTracking().SingleAsync(s => s.OrgId == null);
            var session = new VoiceSession(org.Id, member.Id, org.PublishedScenarioId, attempt.Id, "platform", 10, settings,
                VoiceTraining.Application.Voice.Sessions.VoiceSessionTokens.Hash(token), now.AddHours(1), choice.SpeechToText, choice.TextToSpeech, choice.Llm, now);
            db.VoiceSessions.Add(session);
            await db.SaveChangesAsync();
            return new SeededVoiceSession(session.Id, attempt.Id, token);
        });
    }

    public static HttpRequestMessage Turn(SeededVoiceSession session, string? text = null, byte[]? audio = null, string audioType = "audio/wav", string? token = null)
    {
        var form = new MultipartFormDataContent();
        if (text is not null) form.Add(new StringContent(text), "text");
        if (audio is not null)
        {
            var file = new ByteArrayContent(audio);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(audioType);
            form.Add(file, "audio", "turn.wav");
        }
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/voice/sessions/{session.Id}/turns") { Content = form };
        request.Headers.Add("X-Voice-Session-Token", token ?? session.Token);
        return request;
    }

    /// <summary>A 16 kHz mono 16-bit WAV of a quiet tone, <paramref name="seconds"/> long.</summary>
    public static byte[] Wav(double seconds, int sampleRate = 16_000, int channels = 1)
    {
        var samples = (int)(seconds * sampleRate) * channels;
        var pcm = new byte[samples * 2];
        for (var i = 0; i < samples; i++) BitConverter.TryWriteBytes(pcm.AsSpan(i * 2), (short)(Math.Sin(i / 10.0) * 3000));
        return WavAudio.Wrap(pcm, sampleRate, channels);
    }

    public static Task<VoiceSession> SessionAsync(ApiFixture fixture, Guid id) =>
        fixture.WithDbAsync(db => db.VoiceSessions.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.Id == id));

    public static Task<Attempt> AttemptAsync(ApiFixture fixture, Guid id) =>
        fixture.WithDbAsync(db => db.Attempts.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == id));
}
