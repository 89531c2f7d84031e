using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using VoiceTraining.Api.Controllers;
using VoiceTraining.Api.Http;
using VoiceTraining.Application.ProviderWebhooks;

namespace VoiceTraining.Api.ProviderWebhooks;

/// <summary>
/// Base of the provider webhook controllers: anonymous (the signature is the credential), not rate
/// limited (the provider decides the pace), and one sequence for every provider, run by
/// <see cref="ReceiveAsync"/>. The answers are docs/webhooks.md's rule for provider webhooks.
/// </summary>
[AllowAnonymous]
[DisableRateLimiting]
[OwnBodyLimit]
public abstract partial class ProviderWebhookController(IMediator mediator, ILogger<ProviderWebhookController> logger) : ApiControllerBase(mediator)
{
    /// <summary>The 401's detail: why a delivery was refused goes to the log, not to whoever sent it.</summary>
    public const string NotAuthenticatedDetail = "The webhook could not be authenticated.";

    /// <summary>
    /// Configured? (else 503) → the body, read once within the provider's limit (else 413) →
    /// verified before anything reads it as data (else 401) → translated (else 400) → the command →
    /// 200 with the outcome, or the outcome's refusal (401 for a replay, 406 for "do not retry").
    /// The actions take no parameters: a parameter to bind would make MVC read a form body before the
    /// provider's limits are set.
    /// </summary>
    protected async Task<IActionResult> ReceiveAsync<TCommand, TResult>(IInboundWebhook<TCommand, TResult> webhook)
        where TCommand : IRequest<TResult>
    {
        var ct = HttpContext.RequestAborted;
        if (!webhook.IsConfigured) return Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: webhook.NotConfiguredDetail);
        if (webhook.Body == InboundWebhookBody.Form && !Request.HasFormContentType)
            return Problem(statusCode: StatusCodes.Status400BadRequest, detail: $"Expected a form (application/x-www-form-urlencoded or multipart/form-data) as {webhook.Provider} posts it.");

        var request = await ReadAsync(webhook, ct);
        if (request is null) return Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: "The webhook body is too large.");

        var verification = webhook.Verify(request);
        if (!verification.IsAuthentic)
        {
            LogRejected(logger, webhook.Provider, verification.Reason!);
            return Problem(statusCode: StatusCodes.Status401Unauthorized, detail: NotAuthenticatedDetail);
        }

        switch (webhook.Translate(request))
        {
            case InboundTranslation<TCommand>.Unreadable unreadable:
                LogUnreadable(logger, webhook.Provider, unreadable.Reason ?? unreadable.Detail);
                return Problem(statusCode: StatusCodes.Status400BadRequest, detail: unreadable.Detail);
            case InboundTranslation<TCommand>.Ignore ignore:
                return Ok(new WebhookReceipt(ignore.Type, "ignored"));
            case InboundTranslation<TCommand>.Send send:
                var result = await Mediator.Send(send.Command, ct);
                return webhook.Outcome(result) switch
                {
                    InboundOutcome.Accepted accepted => Ok(new WebhookReceipt(send.Type, accepted.Outcome)),
                    InboundOutcome.Replayed replayed => Problem(statusCode: StatusCodes.Status401Unauthorized, detail: replayed.Detail),
                    InboundOutcome.Undeliverable undeliverable => Problem(statusCode: StatusCodes.Status406NotAcceptable, detail: undeliverable.Detail),
                    var other => throw new InvalidOperationException($"No answer for the outcome {other}."),
                };
            case var other:
                throw new InvalidOperationException($"No answer for the translation {other}.");
        }
    }

    /// <summary>The delivery, or null when it is larger than the provider's limit.</summary>
    private async Task<InboundWebhookRequest?> ReadAsync(IInboundWebhook webhook, CancellationToken ct)
    {
        // The API's default limit is lower than some providers need (Vapi's transcripts, Mailgun's attachments).
        if (HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = webhook.MaxBodyBytes;
        string? Header(string name) => Request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;

        if (webhook.Body == InboundWebhookBody.Raw)
            return await RawBody.ReadAsync(Request, webhook.MaxBodyBytes, ct) is { } body ? new InboundWebhookRequest(Header, body) : null;

        if (Request.ContentLength > webhook.MaxBodyBytes) return null;
        HttpContext.Features.Set<IFormFeature>(new FormFeature(Request, new FormOptions { MultipartBodyLengthLimit = webhook.MaxBodyBytes }));
        IFormCollection form;
        try
        {
            form = await Request.ReadFormAsync(ct);
        }
        catch (InvalidDataException)
        {
            // A form over one of its limits (the body's length, a value's length, the number of fields).
            return null;
        }
        catch (IOException e) when (!ct.IsCancellationRequested)
        {
            // A multipart body that ends before its closing boundary: the sender's error (400), not ours.
            throw new BadHttpRequestException("The form could not be read.", StatusCodes.Status400BadRequest, e);
        }
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new InboundWebhookRequest(Header, ReadOnlyMemory<byte>.Empty, fields);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a {Provider} webhook: {Reason}")]
    private static partial void LogRejected(ILogger logger, string provider, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A verified {Provider} webhook could not be read: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string provider, string reason);
}
