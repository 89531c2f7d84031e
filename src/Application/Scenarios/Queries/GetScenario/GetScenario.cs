using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Application.Scenarios.Queries.GetScenario;

public sealed record GetScenarioQuery(Guid Id) : IQuery<ScenarioDto>;

internal sealed class GetScenarioQueryHandler(IApplicationDbContext db, ICurrentUser user, IMapper mapper)
    : IRequestHandler<GetScenarioQuery, ScenarioDto>
{
    public async Task<ScenarioDto> Handle(GetScenarioQuery request, CancellationToken cancellationToken)
    {
        var query = db.Scenarios.AsNoTracking().Include(s => s.Persona).Where(s => s.Id == request.Id);
        // A trainee has no business with drafts: they do not exist for them.
        if (!user.IsManagerOrAdmin()) query = query.Where(s => s.Status == ScenarioStatus.Published);
        // The rubric is a jsonb document: load the row and map in memory (projection cannot reach inside it).
        var scenario = await query.SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Scenario", request.Id);
        return mapper.Map<ScenarioDto>(scenario);
    }
}
