using MediatR;

namespace VoiceTraining.Application.Common.Messaging;

/// <summary>A use case that changes state: runs inside a database transaction.</summary>
public interface ICommand<out TResponse> : IRequest<TResponse>;

/// <summary>A use case that only reads.</summary>
public interface IQuery<out TResponse> : IRequest<TResponse>;

/// <summary>
/// A use case that waits on outside providers (speech, the LLM) between short database steps. It is
/// given no connection or transaction for its whole run, which would hold a pooled connection (and
/// locks) for seconds per call: each step takes its own, and a step that writes runs its own
/// transaction (<see cref="Interfaces.ITransactionRunner"/>).
/// </summary>
public interface IWaitsOnProviders;
