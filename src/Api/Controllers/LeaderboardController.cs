using MediatR;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Application.Leaderboard;
using VoiceTraining.Application.Leaderboard.Queries.GetLeaderboard;
using VoiceTraining.Application.Progress;
using VoiceTraining.Application.Progress.Queries.GetProgress;

namespace VoiceTraining.Api.Controllers;

[Tags("Results")]
public sealed class LeaderboardController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>
    /// Rank the organization's members by best score, then average score, then attempts, with
    /// their KPI averages. Period week, month (default) or all; optionally one scenario or track.
    /// </summary>
    [HttpGet("api/leaderboard", Name = "getLeaderboard")]
    [ProducesResponseType<LeaderboardDto>(StatusCodes.Status200OK)]
    public Task<LeaderboardDto> Leaderboard([FromQuery] GetLeaderboardQuery query, CancellationToken ct) => Mediator.Send(query, ct);

    /// <summary>A member's score and KPI trend over time (default: the caller), oldest first.</summary>
    [HttpGet("api/progress", Name = "getProgress")]
    [ProducesResponseType<ProgressDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<ProgressDto> Progress([FromQuery] GetProgressQuery query, CancellationToken ct) => Mediator.Send(query, ct);
}
