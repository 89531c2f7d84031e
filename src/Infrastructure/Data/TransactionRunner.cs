using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Data;

internal sealed class TransactionRunner(ApplicationDbContext db, AfterCommitQueue afterCommit) : ITransactionRunner
{
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        // A nested command (a command sending another) joins the outer transaction.
        if (db.Database.CurrentTransaction is not null) return await work(cancellationToken);

        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var value = await work(ct);
            await transaction.CommitAsync(ct);
            return value;
        }, cancellationToken);
        afterCommit.RunAll();
        return result;
    }
}

/// <summary>
/// Holds the context's connection open for the work; EF then leaves it open between queries. A scope
/// inside another (a use case sending another) joins it. Given back before the answer is written.
/// </summary>
internal sealed class ConnectionScope(ApplicationDbContext db) : IConnectionScope
{
    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection().State == System.Data.ConnectionState.Open) return await work();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>Actions queued during a transaction, run once it has committed (dropped if it rolls back).</summary>
internal sealed class AfterCommitQueue(ApplicationDbContext db) : IAfterCommit
{
    private readonly List<Action> _actions = [];

    public void Enqueue(Action action)
    {
        if (db.Database.CurrentTransaction is null) action();
        else _actions.Add(action);
    }

    public void RunAll()
    {
        var actions = _actions.ToArray();
        _actions.Clear();
        foreach (var action in actions) action();
    }
}
