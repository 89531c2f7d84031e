using MediatR;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Application.Attempts;
using VoiceTraining.Application.Attempts.Comments;
using VoiceTraining.Application.Attempts.Comments.Commands.AddAttemptComment;
using VoiceTraining.Application.Attempts.Comments.Queries.GetAttemptComments;
using VoiceTraining.Application.Attempts.Queries.GetAttempt;
using VoiceTraining.Application.Attempts.Queries.GetAttemptRecording;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Attempts.Queries.GetAttempts;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Api.Controllers;

[Route("api/attempts")]
[Tags("Attempts")]
public sealed class AttemptsController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>List practice attempts, newest first: trainees their own, managers their team's, admins all.</summary>
    [HttpGet(Name = "listAttempts")]
    [ProducesResponseType<PagedResult<AttemptSummaryDto>>(StatusCodes.Status200OK)]
    public Task<PagedResult<AttemptSummaryDto>> List([FromQuery] GetAttemptsQuery query, CancellationToken ct) => Mediator.Send(query, ct);

    /// <summary>Get an attempt with transcript, KPIs and score breakdown.</summary>
    [HttpGet("{id:guid}", Name = "getAttempt")]
    [ProducesResponseType<AttemptDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<AttemptDto> Get(Guid id, CancellationToken ct) => Mediator.Send(new GetAttemptQuery(id), ct);

    /// <summary>An attempt's transcript: each turn with its speaker and time (the transcript_url of webhook payloads).</summary>
    [HttpGet("{id:guid}/transcript", Name = "getAttemptTranscript")]
    [ProducesResponseType<IReadOnlyList<TranscriptTurnDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IReadOnlyList<TranscriptTurnDto>> Transcript(Guid id, CancellationToken ct) => (await Mediator.Send(new GetAttemptQuery(id), ct)).Transcript;

    /// <summary>An attempt's feedback thread, oldest first: comments written in the app and replies to the feedback email.</summary>
    [HttpGet("{id:guid}/comments", Name = "listAttemptComments")]
    [ProducesResponseType<IReadOnlyList<AttemptCommentDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<IReadOnlyList<AttemptCommentDto>> Comments(Guid id, CancellationToken ct) => Mediator.Send(new GetAttemptCommentsQuery(id), ct);

    /// <summary>Add a comment to an attempt's feedback thread (its trainee, or a manager or admin who can see it).</summary>
    [HttpPost("{id:guid}/comments", Name = "addAttemptComment")]
    [ProducesResponseType<AttemptCommentDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> AddComment(Guid id, AddAttemptCommentCommand command, CancellationToken ct)
    {
        var comment = await Mediator.Send(command.ForAttempt(id), ct);
        return CreatedAtRoute("listAttemptComments", new { id }, comment);
    }

    /// <summary>Play an attempt's recording. Supports HTTP range requests so players can seek.</summary>
    [HttpGet("{id:guid}/recording", Name = "getAttemptRecording")]
    [Produces("audio/mpeg", "audio/wav", "application/problem+json")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status206PartialContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Recording(Guid id, [FromServices] IRecordingStorage storage, CancellationToken ct)
    {
        var recording = await Mediator.Send(new GetAttemptRecordingQuery(id), ct);
        var stream = await storage.OpenReadAsync(recording.StorageKey, ct);
        if (stream is null) return Problem(statusCode: StatusCodes.Status404NotFound, detail: "The recording file is missing from storage.");
        return File(stream, recording.ContentType, enableRangeProcessing: true);
    }
}
