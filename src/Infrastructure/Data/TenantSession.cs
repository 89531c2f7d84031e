using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace VoiceTraining.Infrastructure.Data;

/// <summary>
/// The database side of tenant isolation (ADR 0017). The tables of tenant data have row-level
/// security policies for <see cref="Role"/>: rows whose org_id is the session's
/// <see cref="OrgSetting"/>, nothing when it is unset. A context acting for an organization switches
/// its connection to that role and organization, so a query that escapes the EF filter still sees
/// only the caller's rows; a context acting for no one stays the connection's own user (the tables'
/// owner), which bypasses the policies by design.
/// </summary>
public static class TenantDatabaseRole
{
    /// <summary>The NOLOGIN role the policies apply to (created by the RowLevelSecurity migration, cluster-wide).</summary>
    public const string Role = "voicetraining_tenant";

    /// <summary>The session setting that holds the organization the connection acts for.</summary>
    public const string OrgSetting = "app.org_id";
}

/// <summary>
/// What one connection is set to, and the switch to what its context wants. Set once when the
/// connection opens (outside any transaction, so it survives rollbacks) and again before a command
/// only when the wanted organization changed while the connection stayed open
/// (<see cref="ApplicationDbContext.ScopeToOrganization"/> after a lookup, say, or a second context
/// for another organization sharing the connection and its transaction).
/// </summary>
internal sealed class TenantSession
{
    private static readonly ConditionalWeakTable<DbConnection, TenantSession> Sessions = new();

    /// <summary>Kept with the connection, not the context: contexts sharing a connection see one state.</summary>
    public static TenantSession Of(DbConnection connection) => Sessions.GetValue(connection, _ => new TenantSession());

    // Set for the tenant role: the organization, or Guid.Empty for "signed in, no organization" (sees nothing).
    // Null: the connection's own user.
    private Guid? _applied;
    private bool _known;
    // A switch made inside a transaction is undone if that transaction does not commit.
    private DbTransaction? _appliedInside;

    /// <summary>A connection fresh from the pool: Npgsql's reset (DISCARD ALL) or the close hook of <see cref="TenantSessionInterceptor"/> left it as its own user.</summary>
    public void Opened()
    {
        _applied = null;
        _known = true;
        _appliedInside = null;
    }

    public void Committed(DbTransaction transaction)
    {
        if (ReferenceEquals(transaction, _appliedInside)) _appliedInside = null;
    }

    /// <summary>After a rollback (to a savepoint or whole) the session may be back to what it was before the switch.</summary>
    public void RolledBack()
    {
        if (_appliedInside is not null) _known = false;
    }

    public bool NeedsReset => !_known || _applied is not null;

    public async Task EnsureAsync(DbConnection connection, DbTransaction? current, Guid? wanted, CancellationToken cancellationToken)
    {
        if (_appliedInside is not null && !ReferenceEquals(current, _appliedInside)) _known = false;
        if (_known && _applied == wanted) return;
        await using var command = SwitchCommand(connection, current, wanted);
        await command.ExecuteNonQueryAsync(cancellationToken);
        Switched(current, wanted);
    }

    public void Ensure(DbConnection connection, DbTransaction? current, Guid? wanted)
    {
        if (_appliedInside is not null && !ReferenceEquals(current, _appliedInside)) _known = false;
        if (_known && _applied == wanted) return;
        using var command = SwitchCommand(connection, current, wanted);
        command.ExecuteNonQuery();
        Switched(current, wanted);
    }

    private void Switched(DbTransaction? current, Guid? wanted)
    {
        _applied = wanted;
        _known = true;
        _appliedInside = current;
    }

    /// <summary>
    /// Role and organization in one statement, one round trip (set_config('role', …) is SET ROLE;
    /// 'none' is RESET ROLE). Session-wide (not per transaction), so reads outside a transaction are
    /// covered too; the pool's reset or <see cref="TenantSessionInterceptor"/> undoes it on close.
    /// </summary>
    private static NpgsqlCommand SwitchCommand(DbConnection connection, DbTransaction? transaction, Guid? wanted) =>
        new($"SELECT set_config('role', $1, false), set_config('{TenantDatabaseRole.OrgSetting}', $2, false)", (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction)
        {
            Parameters =
            {
                new() { Value = wanted is null ? "none" : TenantDatabaseRole.Role },
                new() { Value = wanted is { } org && org != Guid.Empty ? org.ToString() : "" },
            },
        };
}

/// <summary>
/// Hooks <see cref="TenantSession"/> into EF: on connection open, before each command (a cheap
/// comparison unless the organization changed), on commit and rollback, and on close when the pool
/// does not reset connections (<c>No Reset On Close</c>), so a returned connection never keeps a
/// tenant's role and organization for its next user.
/// </summary>
internal sealed class TenantSessionInterceptor(bool poolResetsConnections)
    : IDbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    public static TenantSessionInterceptor For(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new TenantSessionInterceptor(!builder.Pooling || !builder.NoResetOnClose);
    }

    // --- connection ------------------------------------------------------------------------------
    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (eventData.Context is not ApplicationDbContext db) return;
        var session = TenantSession.Of(connection);
        session.Opened();
        session.Ensure(connection, null, db.SessionTenant);
    }

    public async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not ApplicationDbContext db) return;
        var session = TenantSession.Of(connection);
        session.Opened();
        await session.EnsureAsync(connection, null, db.SessionTenant, cancellationToken);
    }

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (!poolResetsConnections && connection.State == ConnectionState.Open && TenantSession.Of(connection) is { NeedsReset: true } session)
            session.Ensure(connection, null, null);
        return result;
    }

    public async ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (!poolResetsConnections && connection.State == ConnectionState.Open && TenantSession.Of(connection) is { NeedsReset: true } session)
            await session.EnsureAsync(connection, null, null, default);
        return result;
    }

    // --- commands --------------------------------------------------------------------------------
    private static void Before(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is ApplicationDbContext db && command.Connection is { } connection)
            TenantSession.Of(connection).Ensure(connection, command.Transaction, db.SessionTenant);
    }

    private static async Task BeforeAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken)
    {
        if (eventData.Context is ApplicationDbContext db && command.Connection is { } connection)
            await TenantSession.Of(connection).EnsureAsync(connection, command.Transaction, db.SessionTenant, cancellationToken);
    }

    private static TenantSession? SessionOf(TransactionEventData eventData) =>
        eventData.Context?.Database.GetDbConnection() is { } connection ? TenantSession.Of(connection) : null;

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Before(command, eventData);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(command, eventData, cancellationToken);
        return result;
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Before(command, eventData);
        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(command, eventData, cancellationToken);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Before(command, eventData);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(command, eventData, cancellationToken);
        return result;
    }

    // --- transactions ----------------------------------------------------------------------------
    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        SessionOf(eventData)?.Committed(transaction);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        SessionOf(eventData)?.RolledBack();
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    public void RolledBackToSavepoint(DbTransaction transaction, TransactionEventData eventData)
    {
        SessionOf(eventData)?.RolledBack();
    }

    public Task RolledBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
    {
        RolledBackToSavepoint(transaction, eventData);
        return Task.CompletedTask;
    }
}
