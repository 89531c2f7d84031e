using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Tracks;
using VoiceTraining.Application.Tracks.Commands.CreateTrack;
using VoiceTraining.Application.Tracks.Commands.DeleteTrack;
using VoiceTraining.Application.Tracks.Commands.UpdateTrack;
using VoiceTraining.Application.Tracks.Queries.GetTrack;
using VoiceTraining.Application.Tracks.Queries.GetTracks;

namespace VoiceTraining.Api.Controllers;

[Route("api/tracks")]
[Tags("Tracks")]
public sealed class TracksController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>List tracks, newest first.</summary>
    [HttpGet(Name = "listTracks")]
    [ProducesResponseType<PagedResult<TrackSummaryDto>>(StatusCodes.Status200OK)]
    public Task<PagedResult<TrackSummaryDto>> List([FromQuery] GetTracksQuery query, CancellationToken ct) => Mediator.Send(query, ct);

    /// <summary>Get a track with its ordered scenarios.</summary>
    [HttpGet("{id:guid}", Name = "getTrack")]
    [ProducesResponseType<TrackDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<TrackDto> Get(Guid id, CancellationToken ct) => Mediator.Send(new GetTrackQuery(id), ct);

    /// <summary>Create a track from an ordered list of scenarios (managers and admins).</summary>
    [HttpPost(Name = "createTrack")]
    [Authorize(Policy = Policies.Manager)]
    [ProducesResponseType<TrackDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<TrackDto>> Create(CreateTrackCommand command, CancellationToken ct)
    {
        var track = await Mediator.Send(command, ct);
        return CreatedAtRoute("getTrack", new { id = track.Id }, track);
    }

    /// <summary>Replace a track's title, description and scenario order (managers and admins).</summary>
    [HttpPut("{id:guid}", Name = "updateTrack")]
    [Authorize(Policy = Policies.Manager)]
    [ProducesResponseType<TrackDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<TrackDto> Update(Guid id, UpdateTrackCommand command, CancellationToken ct) => Mediator.Send(command.WithId(id), ct);

    /// <summary>Delete a track that nobody is assigned (managers and admins).</summary>
    [HttpDelete("{id:guid}", Name = "deleteTrack")]
    [Authorize(Policy = Policies.Manager)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken ct)
    {
        await Mediator.Send(new DeleteTrackCommand(id), ct);
        return NoContent();
    }
}
