using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.Personas.Commands.DeletePersona;

/// <summary>Deletes a persona that no scenario uses.</summary>
public sealed record DeletePersonaCommand(Guid Id) : ICommand<Unit>;

internal sealed class DeletePersonaCommandHandler(IApplicationDbContext db) : IRequestHandler<DeletePersonaCommand, Unit>
{
    public async Task<Unit> Handle(DeletePersonaCommand request, CancellationToken cancellationToken)
    {
        var persona = await db.Personas.GetAsync(request.Id, cancellationToken);
        if (await db.Scenarios.AnyAsync(s => s.PersonaId == persona.Id, cancellationToken))
            throw new ConflictException("This persona is used by one or more scenarios; archive or edit those first.");
        db.Personas.Remove(persona);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
