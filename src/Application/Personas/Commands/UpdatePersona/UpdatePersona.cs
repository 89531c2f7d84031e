using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Personas.Queries.GetPersona;
using VoiceTraining.Domain.Personas;

namespace VoiceTraining.Application.Personas.Commands.UpdatePersona;

public sealed record UpdatePersonaCommand : ICommand<PersonaDto>, IPersonaFields
{
    internal Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string VoiceProvider { get; init; } = "";
    public string VoiceId { get; init; } = "";
    public Difficulty Difficulty { get; init; }

    public UpdatePersonaCommand WithId(Guid id) => this with { Id = id };
}

public sealed class UpdatePersonaCommandValidator : AbstractValidator<UpdatePersonaCommand>
{
    public UpdatePersonaCommandValidator() => this.AddPersonaFieldRules();
}

internal sealed class UpdatePersonaCommandHandler(IApplicationDbContext db, TimeProvider clock, IMediator mediator)
    : IRequestHandler<UpdatePersonaCommand, PersonaDto>
{
    public async Task<PersonaDto> Handle(UpdatePersonaCommand request, CancellationToken cancellationToken)
    {
        var persona = await db.Personas.GetAsync(request.Id, cancellationToken);
        persona.Update(request.Name, request.Description ?? "", request.VoiceProvider, request.VoiceId, request.Difficulty, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetPersonaQuery(persona.Id), cancellationToken);
    }
}
