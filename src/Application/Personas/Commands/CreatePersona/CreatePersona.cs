using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Personas.Queries.GetPersona;
using VoiceTraining.Domain.Personas;

namespace VoiceTraining.Application.Personas.Commands.CreatePersona;

public sealed record CreatePersonaCommand : ICommand<PersonaDto>, IPersonaFields
{
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string VoiceProvider { get; init; } = "elevenlabs";
    public string VoiceId { get; init; } = "";
    public Difficulty Difficulty { get; init; } = Difficulty.Medium;
}

public sealed class CreatePersonaCommandValidator : AbstractValidator<CreatePersonaCommand>
{
    public CreatePersonaCommandValidator() => this.AddPersonaFieldRules();
}

internal sealed class CreatePersonaCommandHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, IMediator mediator)
    : IRequestHandler<CreatePersonaCommand, PersonaDto>
{
    public async Task<PersonaDto> Handle(CreatePersonaCommand request, CancellationToken cancellationToken)
    {
        var persona = new Persona(user.RequireOrgId(), request.Name, request.Description ?? "", request.VoiceProvider,
            request.VoiceId, request.Difficulty, clock.GetUtcNow());
        db.Personas.Add(persona);
        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetPersonaQuery(persona.Id), cancellationToken);
    }
}
