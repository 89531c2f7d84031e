using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Infrastructure.Assignments;

namespace VoiceTraining.Api.IntegrationTests.Webhooks.Outbound;

/// <summary>
/// The API with its background workers running (the webhook dispatcher polls every 50 ms), allowed
/// to deliver to a local receiver on 127.0.0.1, on a clock the tests move to pass retry delays.
/// </summary>
public sealed class WebhookDeliveryFixture : ApiFixture
{
    private readonly ManualClock _clock = new();

    public override TimeProvider? Clock => _clock;
    public ManualClock ManualClock => _clock;
    public WebhookReceiver Receiver { get; private set; } = null!;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Workers:Enabled"] = "true";
        settings["Webhooks:AllowPrivateNetworks"] = "true";
        settings["Webhooks:PollInterval"] = "00:00:00.050";
        // The scan runs when a test asks (ScanOverdueAsync), not on its own timer.
        settings["Webhooks:OverdueScanInterval"] = "01:00:00";
    }

    public override async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    /// <summary>Waits until no delivery to the endpoint is pending (every attempt's result is written).</summary>
    public async Task WaitUntilSettledAsync(Guid endpointId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await WithDbAsync(db => db.WebhookDeliveries.IgnoreQueryFilters()
                   .AnyAsync(d => d.EndpointId == endpointId && d.Status == VoiceTraining.Domain.Webhooks.WebhookDeliveryStatus.Pending)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Deliveries to {endpointId} are still pending.");
            await Task.Delay(25);
        }
    }

    public Task<int> ScanOverdueAsync() =>
        Factory.Services.GetRequiredService<OverdueAssignmentScanner>().ScanOnceAsync(CancellationToken.None);
}
