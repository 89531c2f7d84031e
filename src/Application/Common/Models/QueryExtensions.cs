using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Domain.Common;

namespace VoiceTraining.Application.Common.Models;

public static class QueryExtensions
{
    /// <summary>Loads one entity by id (within the caller's organization) or answers 404.</summary>
    public static async Task<T> GetAsync<T>(this IQueryable<T> query, Guid id, CancellationToken cancellationToken)
        where T : Entity =>
        await query.SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
        ?? throw new NotFoundException(typeof(T).Name, id);
}
