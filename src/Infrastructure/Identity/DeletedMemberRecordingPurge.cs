using MediatR;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Application.Identity.Commands.PurgeDeletedMemberRecordings;
using VoiceTraining.Infrastructure.Workers.Scheduling;

namespace VoiceTraining.Infrastructure.Identity;

/// <summary>
/// Deletes the recordings of members whose accounts were deleted longer ago than the retention
/// period, a batch at a time until none is left. A scheduled job: one instance runs each purge.
/// </summary>
internal sealed class DeletedMemberRecordingPurge(IServiceScopeFactory scopes, IdentityWorkerOptions options) : IScheduledJob
{
    public string Name => "deleted-member-recordings";

    public TimeSpan Interval => options.PurgeInterval;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var purge = new PurgeDeletedMemberRecordingsCommand();
        while (await PurgeBatchAsync(purge, cancellationToken) == purge.BatchSize) { }
    }

    private async Task<int> PurgeBatchAsync(PurgeDeletedMemberRecordingsCommand purge, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(purge, cancellationToken);
    }
}
