using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.ApiKeys.Commands.RevokeApiKey;

/// <summary>Revokes a key: it stops working at once.</summary>
public sealed record RevokeApiKeyCommand(Guid Id) : ICommand<ApiKeyDto>;

internal sealed class RevokeApiKeyCommandHandler(IApplicationDbContext db, TimeProvider clock) : IRequestHandler<RevokeApiKeyCommand, ApiKeyDto>
{
    public async Task<ApiKeyDto> Handle(RevokeApiKeyCommand request, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.GetAsync(request.Id, cancellationToken);
        key.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return ApiKeyMapping.ToDto(key);
    }
}
