using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Application.Attempts.Comments;

internal static class AttemptCommentReader
{
    public static async Task<IReadOnlyList<AttemptCommentDto>> ListAsync(IApplicationDbContext db, Guid attemptId, CancellationToken cancellationToken) =>
        await (from c in db.AttemptComments
               join m in db.Members on c.AuthorId equals m.Id
               where c.AttemptId == attemptId
               orderby c.CreatedAt, c.Id
               select new AttemptCommentDto(c.Id, c.AttemptId, c.AuthorId, m.Name, c.Body, c.Source, c.CreatedAt))
            .AsNoTracking().ToListAsync(cancellationToken);

    public static async Task<AttemptCommentDto> GetAsync(IApplicationDbContext db, Guid commentId, CancellationToken cancellationToken) =>
        await (from c in db.AttemptComments
               join m in db.Members on c.AuthorId equals m.Id
               where c.Id == commentId
               select new AttemptCommentDto(c.Id, c.AttemptId, c.AuthorId, m.Name, c.Body, c.Source, c.CreatedAt))
            .AsNoTracking().SingleAsync(cancellationToken);
}
