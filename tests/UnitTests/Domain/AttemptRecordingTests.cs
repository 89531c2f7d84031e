using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Attempts.Analysis;
using VoiceTraining.Domain.Common;

namespace VoiceTraining.UnitTests.Domain;

/// <summary>What an attempt shows about its recording, from the end of the call to our copy (or its loss).</summary>
public class AttemptRecordingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static Attempt Completed(string? recordingUrl)
    {
        var attempt = new Attempt(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, Now);
        attempt.Complete(new CallOutcome { RecordingUrl = recordingUrl }, new ConversationKpis(), 80, [], "Good call.", 70, Now).Should().BeTrue();
        return attempt;
    }

    [Theory]
    [InlineData("https://recordings.example.test/call.mp3", RecordingStatus.Pending)]
    [InlineData(null, RecordingStatus.None)]
    [InlineData("  ", RecordingStatus.None)]
    public void A_call_that_left_a_recording_shows_it_pending_until_it_is_copied(string? url, RecordingStatus expected) =>
        Completed(url).RecordingStatus.Should().Be(expected);

    [Fact]
    public void A_stored_copy_is_shown_with_its_key_type_and_size()
    {
        var attempt = Completed("https://recordings.example.test/call.mp3");
        attempt.RecordingStored("org/attempt.mp3", "audio/mpeg", 1234, Now.AddMinutes(1)).Should().BeTrue();
        (attempt.RecordingStatus, attempt.RecordingKey, attempt.RecordingContentType, attempt.RecordingBytes)
            .Should().Be((RecordingStatus.Stored, "org/attempt.mp3", "audio/mpeg", 1234L));
        attempt.UpdatedAt.Should().Be(Now.AddMinutes(1));
    }

    [Fact]
    public void A_download_given_up_leaves_the_call_scored_without_a_recording()
    {
        var attempt = Completed("https://recordings.example.test/call.mp3");
        attempt.RecordingFailed(Now.AddDays(2));
        attempt.RecordingStatus.Should().Be(RecordingStatus.Failed);
        attempt.Score.Should().Be(80);
    }

    [Fact]
    public void Only_a_pending_recording_can_fail()
    {
        var stored = Completed("https://recordings.example.test/call.mp3");
        stored.RecordingStored("org/attempt.mp3", "audio/mpeg", 1234, Now);
        stored.RecordingFailed(Now);
        stored.RecordingStatus.Should().Be(RecordingStatus.Stored);

        var none = Completed(null);
        none.RecordingFailed(Now);
        none.RecordingStatus.Should().Be(RecordingStatus.None);
    }

    [Fact]
    public void A_copy_that_arrives_after_the_recording_was_deleted_on_purpose_is_refused()
    {
        var attempt = Completed("https://recordings.example.test/call.mp3");
        attempt.DeleteRecording(Now).Should().BeNull("nothing was stored yet");

        attempt.RecordingStored("org/attempt.mp3", "audio/mpeg", 1234, Now).Should().BeFalse();
        attempt.RecordingStatus.Should().Be(RecordingStatus.Deleted);
        attempt.RecordingKey.Should().BeNull();
    }

    [Fact]
    public void A_recording_download_is_due_at_once_and_needs_the_recordings_url()
    {
        var download = new RecordingDownload(Guid.NewGuid(), Guid.NewGuid(), "https://recordings.example.test/call.mp3", Now);
        (download.Status, download.NextAttemptAt, download.Attempts, download.LeaseToken).Should().Be((RecordingDownloadStatus.Pending, Now, 0, (Guid?)null));
        FluentActions.Invoking(() => new RecordingDownload(Guid.NewGuid(), Guid.NewGuid(), " ", Now)).Should().Throw<DomainException>();
        FluentActions.Invoking(() => new RecordingDownload(Guid.Empty, Guid.NewGuid(), "https://x.test/a.mp3", Now)).Should().Throw<DomainException>();
    }
}
