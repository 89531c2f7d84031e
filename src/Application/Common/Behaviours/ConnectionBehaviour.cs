using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Common.Behaviours;

/// <summary>
/// Every use case runs on one database connection (the billing check, validators, the handler's
/// queries and its transaction), instead of one per query: fewer pool acquisitions and resets, and
/// the tenant session of the connection (ADR 0017) set once per request. A use case that waits on
/// providers (<see cref="IWaitsOnProviders"/>) takes connections per step instead.
/// </summary>
public sealed class ConnectionBehaviour<TRequest, TResponse>(IConnectionScope connection)
    : IPipelineBehavior<TRequest, TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next) =>
        request is IWaitsOnProviders ? next() : connection.RunAsync(() => next(), cancellationToken);
}
