using AutoMapper;
using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.Webhooks.Commands.UpdateWebhookEndpoint;

/// <summary>Changes an endpoint's name, URL, events or enabled state. Switching it on again restarts its failure clock.</summary>
public sealed record UpdateWebhookEndpointCommand : ICommand<WebhookEndpointDto>, IWebhookEndpointFields
{
    internal Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Url { get; init; } = "";
    public IReadOnlyList<string> Events { get; init; } = [];
    public bool Enabled { get; init; } = true;

    public UpdateWebhookEndpointCommand WithId(Guid id) => this with { Id = id };
}

public sealed class UpdateWebhookEndpointCommandValidator : AbstractValidator<UpdateWebhookEndpointCommand>
{
    public UpdateWebhookEndpointCommandValidator() => this.AddEndpointFieldRules();
}

internal sealed class UpdateWebhookEndpointCommandHandler(IApplicationDbContext db, IWebhookUrlPolicy urls, TimeProvider clock, IMapper mapper)
    : IRequestHandler<UpdateWebhookEndpointCommand, WebhookEndpointDto>
{
    public async Task<WebhookEndpointDto> Handle(UpdateWebhookEndpointCommand request, CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.GetAsync(request.Id, cancellationToken);
        if (await urls.WhyRefusedAsync(request.Url, cancellationToken) is { } reason) throw new VoiceTraining.Application.Common.Exceptions.ValidationException("url", reason);
        endpoint.Update(request.Name, request.Url, request.Events, request.Enabled, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return mapper.Map<WebhookEndpointDto>(endpoint);
    }
}
