using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Common.Behaviours;

/// <summary>
/// Wraps commands in one transaction, so a command's changes and the outbox rows they cause
/// commit together or not at all. Queries pass straight through.
/// </summary>
public sealed class TransactionBehaviour<TRequest, TResponse>(ITransactionRunner transactions)
    : IPipelineBehavior<TRequest, TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommand<TResponse>) return next();
        return transactions.RunAsync(_ => next(), cancellationToken);
    }
}
