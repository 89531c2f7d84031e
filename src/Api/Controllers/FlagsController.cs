using System.Text.Json;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Flags;
using VoiceTraining.Application.Flags.Queries.GetMyFlags;

namespace VoiceTraining.Api.Controllers;

/// <summary>The caller's feature flags, and the live stream that tells the browser of changes at once.</summary>
[Tags("Feature flags")]
public sealed class FlagsController(IMediator mediator) : ApiControllerBase(mediator)
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Every feature flag's value for the caller, and why it is on or off.</summary>
    [HttpGet("api/me/flags", Name = "getMyFlags")]
    [ProducesResponseType<MyFlagsDto>(StatusCodes.Status200OK)]
    public Task<MyFlagsDto> Mine(CancellationToken ct) => Mediator.Send(new GetMyFlagsQuery(), ct);

    /// <summary>
    /// Server-Sent Events for the caller: <c>flag.changed</c>, <c>transcript.update</c> (a live practice
    /// call of theirs or of their team), <c>call.failed</c>, <c>voice.session.ended</c>, and <c>resync</c>
    /// (updates may have been missed: fetch again). Opens with <c>ready</c>; a comment every 15 s keeps
    /// proxies from closing it. Read it with fetch (it needs the bearer token), not EventSource.
    /// </summary>
    [HttpGet("api/flags/stream", Name = "streamLiveUpdates")]
    [PeopleOnly]
    [Produces("text/event-stream")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/event-stream")]
    public async Task Stream([FromServices] ILiveUpdateStreams hub, [FromServices] ICurrentUser user)
    {
        var orgId = user.RequireOrgId();
        var memberId = user.RequireMemberId();
        var aborted = HttpContext.RequestAborted;
        Response.ContentType = "text/event-stream";
        Response.Headers.CacheControl = "no-cache, no-transform";
        // Proxies such as nginx buffer responses unless told not to.
        Response.Headers["X-Accel-Buffering"] = "no";

        using var subscription = hub.Subscribe(orgId, memberId);
        await WriteEventAsync("ready", new { orgId, memberId }, aborted);
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                wait.CancelAfter(Heartbeat);
                try
                {
                    var update = await subscription.Updates.ReadAsync(wait.Token);
                    await WriteEventAsync(update.Type, update.Data, aborted);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await Response.WriteAsync(": keep-alive\n\n", aborted);
                    await Response.Body.FlushAsync(aborted);
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The browser went away.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The instance is stopping.
        }
    }

    private async Task WriteEventAsync(string type, object data, CancellationToken cancellationToken)
    {
        await Response.WriteAsync($"event: {type}\ndata: {JsonSerializer.Serialize(data, Json)}\n\n", cancellationToken);
        await Response.Body.FlushAsync(cancellationToken);
    }
}
