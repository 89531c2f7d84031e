using System.Text;
using VoiceTraining.Application.Calls;
using VoiceTraining.Infrastructure.Vapi;

namespace VoiceTraining.UnitTests.Infrastructure.Vapi;

public class VapiWebhookParserTests
{
    private static readonly Guid AttemptId = Guid.Parse("0199a1b2-0000-7000-8000-000000000001");

    private static VapiWebhookParser.Result Parse(string json, string type = "") =>
        VapiWebhookParser.Parse(Encoding.UTF8.GetBytes(json.Replace("ATTEMPT_ID", AttemptId.ToString(), StringComparison.Ordinal).Replace("CALL_TYPE", type, StringComparison.Ordinal)));

    [Fact]
    public void The_documented_call_ended_shape_is_read()
    {
        var result = Parse("""
        {"type":"call.ended","call":{"id":"vapi_call_abc123","status":"completed",
          "startedAt":"2025-09-29T12:00:00Z","endedAt":"2025-09-29T12:05:30Z","duration":330,
          "recordingUrl":"https://vapi.ai/recordings/abc123.mp3",
          "transcript":[{"role":"user","text":"Hi there","timestamp":0},{"role":"assistant","text":"Hello! How can I help?","timestamp":1200}],
          "metadata":{"scenario_id":"x","attempt_id":"ATTEMPT_ID"}}}
        """);
        var e = result.Event!;
        e.Kind.Should().Be(CallEventKind.Ended);
        e.ProviderCallId.Should().Be("vapi_call_abc123");
        e.AttemptId.Should().Be(AttemptId);
        e.DurationSeconds.Should().Be(330);
        e.StartedAt.Should().Be(new DateTimeOffset(2025, 9, 29, 12, 0, 0, TimeSpan.Zero));
        e.RecordingUrl.Should().Be("https://vapi.ai/recordings/abc123.mp3");
        e.Transcript.Select(t => (t.Role, t.Text, t.TimestampMs)).Should().Equal(("user", "Hi there", 0L), ("assistant", "Hello! How can I help?", 1200L));
        e.DeliveryKey.Should().HaveLength(64);
    }

    [Theory]
    [InlineData("call.started", CallEventKind.Started)]
    [InlineData("transcript.update", CallEventKind.TranscriptUpdated)]
    [InlineData("call.failed", CallEventKind.Failed)]
    public void Every_documented_type_maps_to_a_kind(string type, CallEventKind kind)
    {
        Parse("""{"type":"CALL_TYPE","call":{"id":"c1","status":"failed","metadata":{"attempt_id":"ATTEMPT_ID"}}}""", type).Event!.Kind.Should().Be(kind);
    }

    [Fact]
    public void A_native_end_of_call_report_is_read_with_message_times_relative_to_the_start()
    {
        var result = Parse("""
        {"message":{"type":"end-of-call-report","endedReason":"customer-ended-call",
          "startedAt":"2026-01-05T10:00:00.000Z","endedAt":"2026-01-05T10:02:00.000Z",
          "call":{"id":"call_1","assistantOverrides":{"metadata":{"attempt_id":"ATTEMPT_ID"}}},
          "artifact":{"messages":[
             {"role":"system","message":"You are Sarah","time":1767607200000,"secondsFromStart":0},
             {"role":"bot","message":"Hello, Sarah speaking.","time":1767607201000,"endTime":1767607203500,"secondsFromStart":1.0},
             {"role":"user","message":"Hi Sarah!","time":1767607204000,"endTime":1767607205000,"secondsFromStart":4.0},
             {"role":"tool_calls","message":"end_call"}],
            "recording":{"stereoUrl":"https://storage.vapi.ai/stereo.wav","mono":{"combinedUrl":"https://storage.vapi.ai/mono.wav"}}},
          "analysis":{"summary":"Short call.","successEvaluation":true,"structuredData":{"budget":"yes","score":7}}}}
        """);
        var e = result.Event!;
        e.Kind.Should().Be(CallEventKind.Ended);
        e.AttemptId.Should().Be(AttemptId);
        e.DurationSeconds.Should().Be(120);
        e.RecordingUrl.Should().Be("https://storage.vapi.ai/mono.wav");
        e.Transcript.Select(t => (t.Role, t.Text, t.TimestampMs, t.EndMs)).Should().Equal(
            ("assistant", "Hello, Sarah speaking.", 1000L, (long?)3500),
            ("user", "Hi Sarah!", 4000L, (long?)5000));
        e.SuccessEvaluation.Should().Be("true");
        e.AnalysisSummary.Should().Be("Short call.");
        e.StructuredData.Should().Contain("budget", "yes").And.Contain("score", "7");
    }

    [Fact]
    public void The_older_top_level_recording_url_is_used_when_the_artifact_has_none()
    {
        var e = Parse("""{"message":{"type":"end-of-call-report","recordingUrl":"https://x.test/r.mp3","call":{"id":"c","metadata":{"attempt_id":"ATTEMPT_ID"}},"artifact":{"messages":[{"role":"user","message":"Hello","secondsFromStart":0.5}]}}}""").Event!;
        e.RecordingUrl.Should().Be("https://x.test/r.mp3");
        e.Transcript.Single().TimestampMs.Should().Be(500);
    }

    [Fact]
    public void An_errored_call_without_trainee_speech_is_a_failure()
    {
        var e = Parse("""{"message":{"type":"end-of-call-report","endedReason":"pipeline-error-openai-llm-failed","call":{"id":"c","metadata":{"attempt_id":"ATTEMPT_ID"}}}}""").Event!;
        e.Kind.Should().Be(CallEventKind.Failed);
        e.EndedReason.Should().Be("pipeline-error-openai-llm-failed");
    }

    [Fact]
    public void A_status_update_in_progress_starts_the_call_and_other_statuses_are_ignored()
    {
        Parse("""{"message":{"type":"status-update","status":"in-progress","call":{"id":"c","metadata":{"attempt_id":"ATTEMPT_ID"}}}}""")
            .Event!.Kind.Should().Be(CallEventKind.Started);
        Parse("""{"message":{"type":"status-update","status":"ended","call":{"id":"c"}}}""").Ignored.Should().BeTrue();
    }

    [Fact]
    public void A_status_update_ended_with_an_error_before_the_trainee_spoke_fails_the_call()
    {
        var failed = Parse("""
        {"message":{"type":"status-update","status":"ended","endedReason":"pipeline-error-openai-llm-failed","timestamp":1767607230000,
          "call":{"id":"c","metadata":{"attempt_id":"ATTEMPT_ID"}},
          "artifact":{"messages":[{"role":"bot","message":"Hello?","time":1767607201000,"secondsFromStart":1.0}]}}}
        """).Event!;
        failed.Kind.Should().Be(CallEventKind.Failed);
        failed.EndedReason.Should().Be("pipeline-error-openai-llm-failed");
        failed.AttemptId.Should().Be(AttemptId);
        failed.EndedAt.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1767607230000));

        // Ended normally, or after the trainee spoke: the end-of-call report decides.
        Parse("""{"message":{"type":"status-update","status":"ended","endedReason":"customer-ended-call","call":{"id":"c"}}}""").Ignored.Should().BeTrue();
        Parse("""
        {"message":{"type":"status-update","status":"ended","endedReason":"pipeline-error-openai-llm-failed","call":{"id":"c"},
          "artifact":{"messages":[{"role":"user","message":"Hi, is this Sarah?","secondsFromStart":2.0}]}}}
        """).Ignored.Should().BeTrue();
    }

    [Fact]
    public void A_conversation_update_is_the_live_transcript_so_far()
    {
        var e = Parse("""
        {"message":{"type":"conversation-update","timestamp":1767607206000,
          "call":{"id":"call_1","startedAt":"2026-01-05T10:00:00.000Z","assistantOverrides":{"metadata":{"attempt_id":"ATTEMPT_ID"}}},
          "messages":[
             {"role":"system","message":"You are Sarah","time":1767607200000,"secondsFromStart":0},
             {"role":"bot","message":"Hello, Sarah speaking.","time":1767607201000,"secondsFromStart":1.0},
             {"role":"user","message":"Hi Sarah!","time":1767607204000,"secondsFromStart":4.0}],
          "messagesOpenAIFormatted":[{"role":"assistant","content":"Hello, Sarah speaking."},{"role":"user","content":"Hi Sarah!"}]}}
        """).Event!;
        e.Kind.Should().Be(CallEventKind.TranscriptUpdated);
        e.ProviderType.Should().Be("conversation-update");
        e.ProviderCallId.Should().Be("call_1");
        e.AttemptId.Should().Be(AttemptId);
        e.Transcript.Select(t => (t.Role, t.Text, t.TimestampMs)).Should().Equal(("assistant", "Hello, Sarah speaking.", 1000L), ("user", "Hi Sarah!", 4000L));

        // Only the system prompt so far: nothing to show.
        Parse("""{"message":{"type":"conversation-update","call":{"id":"c"},"messages":[{"role":"system","message":"You are Sarah"}]}}""").Ignored.Should().BeTrue();
    }

    [Theory]
    [InlineData("""{"message":{"type":"hang"}}""")]
    [InlineData("""{"message":{"type":"transcript","role":"user","transcriptType":"final","transcript":"hello there"}}""")]
    [InlineData("""{"message":{"type":"transcript","role":"user","transcriptType":"partial","transcript":"hel"}}""")]
    [InlineData("""{"message":{"type":"speech-update"}}""")]
    [InlineData("""{"type":"something.new","call":{"id":"c"}}""")]
    public void Unknown_or_uninteresting_types_are_ignored_not_errors(string json)
    {
        var result = Parse(json);
        result.Ignored.Should().BeTrue();
        result.Error.Should().BeNull();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"type":"call.ended"}""")]
    public void Malformed_bodies_are_errors(string body)
    {
        Parse(body).Error.Should().NotBeNull();
    }

    [Fact]
    public void Missing_fields_do_not_break_parsing()
    {
        var e = Parse("""{"message":{"type":"end-of-call-report","artifact":{"messages":[{"role":"user"},{"role":"bot","message":"  "},{"role":"user","message":"ok","time":"oops"}]}}}""").Event!;
        e.AttemptId.Should().BeNull();
        e.Transcript.Should().ContainSingle(t => t.Text == "ok");
        e.DurationSeconds.Should().BeNull();
    }

    [Fact]
    public void The_same_body_gives_the_same_delivery_key_and_another_body_another()
    {
        const string a = """{"type":"call.started","call":{"id":"c1"}}""";
        const string b = """{"type":"call.started","call":{"id":"c2"}}""";
        Parse(a).Event!.DeliveryKey.Should().Be(Parse(a).Event!.DeliveryKey).And.NotBe(Parse(b).Event!.DeliveryKey);
    }
}
