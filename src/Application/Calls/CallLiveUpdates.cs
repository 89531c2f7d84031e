using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Application.Calls;

/// <summary>
/// What a live practice call tells browsers at once, on the live channel (GET /api/flags/stream):
/// each new transcript turn to the trainee and their manager (who can follow the call as it
/// happens), and a failure to the trainee. Published inside the webhook's transaction, so a browser
/// hears only of what was committed; nothing is stored for it beyond what the attempt keeps.
/// </summary>
public sealed class CallLiveUpdates(IApplicationDbContext db, ILiveUpdates live)
{
    /// <summary>The turns after the first <paramref name="known"/> of the attempt's transcript, one update each.</summary>
    public async Task TranscriptGrewAsync(Attempt attempt, int known, CancellationToken cancellationToken)
    {
        if (attempt.Transcript.Count <= known) return;
        // The trainee's manager now: the one who may watch (admins see the attempt once it is scored).
        var managerId = await db.Members.Where(m => m.Id == attempt.MemberId).Select(m => m.ManagerId).SingleOrDefaultAsync(cancellationToken);
        Guid[] audience = managerId is { } manager ? [attempt.MemberId, manager] : [attempt.MemberId];
        for (var index = known; index < attempt.Transcript.Count; index++)
        {
            var turn = attempt.Transcript[index];
            await live.PublishAsync(new LiveUpdate(LiveUpdateTypes.TranscriptUpdate, attempt.OrgId, audience, new
            {
                attemptId = attempt.Id,
                index,
                role = turn.Role,
                text = turn.Text,
                timestampMs = turn.TimestampMs,
            }), cancellationToken);
        }
    }

    /// <summary>The call failed: the trainee hears why at once.</summary>
    public Task FailedAsync(Attempt attempt, string? providerReason, CancellationToken cancellationToken) =>
        live.PublishAsync(new LiveUpdate(LiveUpdateTypes.CallFailed, attempt.OrgId, [attempt.MemberId], new
        {
            attemptId = attempt.Id,
            scenarioId = attempt.ScenarioId,
            reason = providerReason,
            message = CallFailureText.Describe(providerReason),
        }), cancellationToken);
}

/// <summary>A voice provider's ended reason (Vapi's codes, such as <c>pipeline-error-openai-llm-failed</c>) in the trainee's words.</summary>
public static class CallFailureText
{
    public static string Describe(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return "The call failed without a reason from the voice service. Try again.";
        var r = reason.ToLowerInvariant();
        if (r.Contains("microphone")) return "The call had no access to your microphone. Allow it in the browser and try again.";
        if (r.Contains("did-not-answer") || r.Contains("no-answer")) return "The call was not answered. Try again.";
        if (r.Contains("pipeline-error") || r.Contains("llm") || r.Contains("voice") || r.Contains("transcriber") || r.Contains("provider"))
            return $"The voice service had a problem ({reason}). Try again in a moment.";
        if (r.Contains("error") || r.Contains("failed")) return $"The call failed ({reason}). Try again.";
        return $"The call ended: {reason}.";
    }
}
