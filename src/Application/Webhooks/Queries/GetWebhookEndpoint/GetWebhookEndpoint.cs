using AutoMapper;
using AutoMapper.QueryableExtensions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Webhooks.Queries.GetWebhookEndpoint;

public sealed record GetWebhookEndpointQuery(Guid Id) : IQuery<WebhookEndpointDto>;

internal sealed class GetWebhookEndpointQueryHandler(IApplicationDbContext db, IMapper mapper) : IRequestHandler<GetWebhookEndpointQuery, WebhookEndpointDto>
{
    public async Task<WebhookEndpointDto> Handle(GetWebhookEndpointQuery request, CancellationToken cancellationToken) =>
        await db.WebhookEndpoints.Where(e => e.Id == request.Id).ProjectTo<WebhookEndpointDto>(mapper.ConfigurationProvider).SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("WebhookEndpoint", request.Id);
}
