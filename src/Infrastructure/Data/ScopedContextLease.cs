using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Data;

/// <summary>
/// A scope's hold on one pooled <see cref="ApplicationDbContext"/> (ADR 0019): leased from the pool
/// when the scope first asks for it, bound to the scope's caller and services, and given back exactly
/// once when the scope ends. The container disposes this lease after the context it made (it was
/// created first), and the context ignores the container's own disposals while a lease holds it.
/// </summary>
internal sealed class ScopedContextLease(IDbContextFactory<ApplicationDbContext> pool, ICurrentUser caller, IServiceProvider services)
    : IAsyncDisposable, IDisposable
{
    private ApplicationDbContext? _context;

    public ApplicationDbContext Context => _context ??= pool.CreateDbContext().Lease(this, caller, services);

    public ValueTask DisposeAsync() => Released() is { } context ? context.DisposeAsync() : default;

    public void Dispose() => Released()?.Dispose();

    /// <summary>The context, unbound from this lease so that its disposal returns it to the pool; null when there is none to give back.</summary>
    private ApplicationDbContext? Released() => Interlocked.Exchange(ref _context, null) is { } context && context.Release(this) ? context : null;
}
