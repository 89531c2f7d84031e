using System.Text;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Api.Controllers;
using VoiceTraining.Application.Calls.Commands.StartCall;
using VoiceTraining.Application.Scenarios.Queries.GetScenario;

namespace VoiceTraining.Api.Simulation;

/// <summary>Simulated practice calls (voice local mode only: Development with no Vapi keys); 404 everywhere else.</summary>
[Route("api/dev")]
[Tags("Local mode")]
public sealed class DevCallsController(IMediator mediator, LocalVoiceMode localVoice, IHttpClientFactory httpClients, TimeProvider clock)
    : ApiControllerBase(mediator)
{
    public const string SelfClient = "self";

    /// <summary>
    /// Simulate a practice call of a published scenario: starts an attempt as the caller, writes a
    /// plausible conversation, and posts it as the voice provider's authenticated end-of-call report
    /// to this API's own webhook, so the whole path (webhook → transcript → recording → KPIs → score
    /// → events) runs offline. Poll GET /api/attempts/{attemptId} for the result.
    /// </summary>
    [HttpPost("simulate-call", Name = "simulateCall")]
    [ProducesResponseType<SimulatedCallResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    public async Task<ActionResult<SimulatedCallResult>> Simulate(SimulateCallRequest request, CancellationToken ct)
    {
        if (!localVoice.Enabled) return NotFound();
        var config = await Mediator.Send(new StartCallCommand(request.ScenarioId), ct);
        var scenario = await Mediator.Send(new GetScenarioQuery(request.ScenarioId), ct);

        var self = $"{Request.Scheme}://{Request.Host}";
        var script = SimulatedCall.Script(scenario, config.AttemptId);
        var report = SimulatedCall.EndOfCallReport(scenario, config.AttemptId, script, clock.GetUtcNow(), $"{self}/api/dev/sample-recording.wav");

        using var post = new HttpRequestMessage(HttpMethod.Post, $"{self}/api/webhooks/vapi")
        {
            Content = new StringContent(report, Encoding.UTF8, "application/json"),
        };
        post.Headers.Add("X-Vapi-Secret", localVoice.WebhookSecret);
        using var response = await httpClients.CreateClient(SelfClient).SendAsync(post, ct);
        if (!response.IsSuccessStatusCode)
            return Problem(statusCode: StatusCodes.Status502BadGateway, detail: $"The webhook answered {(int)response.StatusCode}.");
        return Ok(new SimulatedCallResult(config.AttemptId, (int)response.StatusCode));
    }

    /// <summary>The stand-in call recording that simulated calls point at (voice local mode only).</summary>
    [HttpGet("sample-recording.wav", Name = "getSampleRecording")]
    [AllowAnonymous]
    [Produces("audio/wav", "application/problem+json")]
    [ProducesResponseType<FileContentResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public IActionResult SampleRecording()
    {
        if (!localVoice.Enabled) return NotFound();
        return File(SimulatedCall.SampleRecording(), "audio/wav", enableRangeProcessing: true);
    }
}

/// <summary>Which scenario to practise.</summary>
public sealed record SimulateCallRequest(Guid ScenarioId);

/// <summary>The attempt the simulated call produced, and how the webhook answered.</summary>
public sealed record SimulatedCallResult(Guid AttemptId, int WebhookStatus);
