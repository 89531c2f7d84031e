using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Organizations.Queries.GetCurrentOrganization;
using VoiceTraining.Domain.Common;

namespace VoiceTraining.Application.Organizations.Commands.UpdateOrganization;

/// <summary>Renames the caller's organization (admins).</summary>
public sealed record UpdateOrganizationCommand : ICommand<OrganizationDto>
{
    public string Name { get; init; } = "";
}

public sealed class UpdateOrganizationCommandValidator : AbstractValidator<UpdateOrganizationCommand>
{
    public UpdateOrganizationCommandValidator() => RuleFor(x => x.Name).NotEmpty().MaximumLength(Limits.Name);
}

internal sealed class UpdateOrganizationCommandHandler(IApplicationDbContext db, ICurrentUser user, IMediator mediator)
    : IRequestHandler<UpdateOrganizationCommand, OrganizationDto>
{
    public async Task<OrganizationDto> Handle(UpdateOrganizationCommand request, CancellationToken cancellationToken)
    {
        var orgId = user.RequireOrgId();
        var org = await db.Organizations.SingleAsync(o => o.Id == orgId, cancellationToken);
        org.Rename(request.Name);
        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetCurrentOrganizationQuery(), cancellationToken);
    }
}
