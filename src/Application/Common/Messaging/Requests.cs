using MediatR;

namespace VoiceTraining.Application.Common.Messaging;

/// <summary>A use case that changes state: runs inside a database transaction.</summary>
public interface ICommand<out TResponse> : IRequest<TResponse>;

/// <summary>A use case that only reads.</summary>
public interface IQuery<out TResponse> : IRequest<TResponse>;
