using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Application.Attempts.Comments;

/// <summary>A message in an attempt's feedback thread.</summary>
public sealed record AttemptCommentDto(Guid Id, Guid AttemptId, Guid AuthorId, string AuthorName, string Body, CommentSource Source, DateTimeOffset CreatedAt);
