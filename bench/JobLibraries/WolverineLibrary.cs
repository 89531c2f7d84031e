// WolverineFx 6.62 with WolverineFx.Postgresql: a durable local queue, whose messages are kept in
// Wolverine's PostgreSQL inbox (wolverine_incoming_envelopes) until handled.
using JasperFx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine;
using Wolverine.Postgresql;

namespace JobLibraries;

/// <summary>The delivery as a Wolverine message.</summary>
public sealed record DeliverWebhook(Guid Id, string Endpoint);

/// <summary>Found by Wolverine's naming convention (…Handler.Handle).</summary>
public static class DeliverWebhookHandler
{
    public static async Task Handle(DeliverWebhook message, CancellationToken cancellationToken)
    {
        // Closed while a drain's backlog is being enqueued, so processing starts when the drain does.
        await WolverineLibrary.Gate.Task;
        await Delivery.SendAsync(message.Id, message.Endpoint, cancellationToken);
    }
}

public sealed class WolverineLibrary(Options o) : IJobLibrary
{
    public static volatile TaskCompletionSource Gate = Open();
    private IHost _host = null!;
    private int _parallel;

    private static TaskCompletionSource Open()
    {
        var t = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        t.SetResult();
        return t;
    }

    public async Task SetupAsync(bool createSchema)
    {
        // A local queue runs Environment.ProcessorCount handlers at once by default (2 here).
        _parallel = o.Concurrency > 0 ? o.Concurrency : Environment.ProcessorCount;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(WolverineLibrary).Assembly;
            opts.PersistMessagesWithPostgresql(o.Database, "wolverine");
            opts.Durability.Mode = Enum.Parse<DurabilityMode>(o.Durability);
            opts.PublishMessage<DeliverWebhook>().ToLocalQueue("webhooks");
            opts.LocalQueue("webhooks").UseDurableInbox().MaximumParallelMessages(_parallel);
            opts.AutoBuildMessageStorageOnStartup = AutoCreate.CreateOrUpdate;
            // Back pressure: past BufferingLimits.Maximum envelopes in memory, the queue stops taking
            // new ones into memory; the rest stay in the inbox table until the durability agent
            // recovers them. --buffer raises the limit (0: Wolverine's default); in the one run that
            // tried it (20,000 jobs) publishing still stopped near 10,000, so it did not take effect.
            if (o.Buffer > 0) opts.Policies.Add(new BufferPolicy(o.Buffer));
        });
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task EnqueueAsync(IReadOnlyList<(Guid Id, string Endpoint)> jobs)
    {
        // Each PublishAsync to the durable queue stores the envelope (its own transaction) before
        // it returns; a backlog is sent 16 at a time.
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = jobs.Count > 16 ? 16 : jobs.Count }, async (job, _) =>
        {
            using var scope = _host.Services.CreateScope();
            var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
            await bus.PublishAsync(new DeliverWebhook(job.Id, job.Endpoint));
        });
    }

    public Task StartProcessingAsync()
    {
        Gate.TrySetResult();
        return Task.CompletedTask;
    }

    public Task PauseProcessingAsync()
    {
        Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Task.CompletedTask;
    }

    public async Task<long> PendingAsync()
    {
        await using var c = new NpgsqlConnection(o.Database);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from wolverine.wolverine_incoming_envelopes where status <> 'Handled' and message_type like '%DeliverWebhook%'", c);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public string Describe() => $"parallel={_parallel} durability={o.Durability} buffer={(o.Buffer > 0 ? o.Buffer.ToString() : "default")}";

    private sealed class BufferPolicy(int maximum) : Wolverine.Configuration.IEndpointPolicy
    {
        public void Apply(Wolverine.Configuration.Endpoint endpoint, Wolverine.Runtime.IWolverineRuntime runtime)
        {
            if (endpoint.Uri.Scheme == "local" && endpoint.Uri.Host == "webhooks")
                endpoint.BufferingLimits = new Wolverine.Transports.BufferingLimits(maximum, maximum / 2);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is null) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await _host.StopAsync(cts.Token); } catch (OperationCanceledException) { }
        _host.Dispose();
    }
}
