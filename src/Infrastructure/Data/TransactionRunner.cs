using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Data;

internal sealed class TransactionRunner(ApplicationDbContext db) : ITransactionRunner
{
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        // A nested command (a command sending another) joins the outer transaction.
        if (db.Database.CurrentTransaction is not null) return await work(cancellationToken);

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await work(ct);
            await transaction.CommitAsync(ct);
            return result;
        }, cancellationToken);
    }
}
