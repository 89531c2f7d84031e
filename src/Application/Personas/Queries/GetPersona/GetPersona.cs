using AutoMapper;
using AutoMapper.QueryableExtensions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Personas.Queries.GetPersona;

public sealed record GetPersonaQuery(Guid Id) : IQuery<PersonaDto>;

internal sealed class GetPersonaQueryHandler(IApplicationDbContext db, IMapper mapper)
    : IRequestHandler<GetPersonaQuery, PersonaDto>
{
    public async Task<PersonaDto> Handle(GetPersonaQuery request, CancellationToken cancellationToken) =>
        await db.Personas.Where(p => p.Id == request.Id).ProjectTo<PersonaDto>(mapper.ConfigurationProvider)
            .SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("Persona", request.Id);
}
