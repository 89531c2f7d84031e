using AutoMapper;
using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks.Commands.CreateWebhookEndpoint;

/// <summary>Registers an endpoint of the organization's own systems; answers with its new signing secret.</summary>
public sealed record CreateWebhookEndpointCommand : ICommand<WebhookEndpointCreatedDto>, IWebhookEndpointFields
{
    public string Name { get; init; } = "";
    /// <summary>An https URL on the public internet.</summary>
    public string Url { get; init; } = "";
    public IReadOnlyList<string> Events { get; init; } = [];
    public bool Enabled { get; init; } = true;
}

public sealed class CreateWebhookEndpointCommandValidator : AbstractValidator<CreateWebhookEndpointCommand>
{
    public CreateWebhookEndpointCommandValidator() => this.AddEndpointFieldRules();
}

internal sealed class CreateWebhookEndpointCommandHandler(
    IApplicationDbContext db, ICurrentUser user, IWebhookSecrets secrets, IWebhookUrlPolicy urls, Billing.Entitlements entitlements, TimeProvider clock, IMapper mapper)
    : IRequestHandler<CreateWebhookEndpointCommand, WebhookEndpointCreatedDto>
{
    public async Task<WebhookEndpointCreatedDto> Handle(CreateWebhookEndpointCommand request, CancellationToken cancellationToken)
    {
        await entitlements.EnsureFeatureAsync(user.RequireOrgId(), Billing.Plans.PlanFeatures.Webhooks, cancellationToken);
        if (await urls.WhyRefusedAsync(request.Url, cancellationToken) is { } reason) throw new VoiceTraining.Application.Common.Exceptions.ValidationException("url", reason);
        var secret = secrets.Generate();
        var endpoint = new WebhookEndpoint(user.RequireOrgId(), request.Name, request.Url, request.Events, request.Enabled,
            WebhookEndpointSource.Settings, secret.Protected, secret.Hint, user.MemberId, clock.GetUtcNow());
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return new WebhookEndpointCreatedDto { Endpoint = mapper.Map<WebhookEndpointDto>(endpoint), Secret = secret.Secret };
    }
}
