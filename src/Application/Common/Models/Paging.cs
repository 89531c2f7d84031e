using AutoMapper;
using AutoMapper.QueryableExtensions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace VoiceTraining.Application.Common.Models;

/// <summary>One page of a list. Every list endpoint answers with this shape.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int TotalPages => PageSize == 0 ? 0 : (TotalCount + PageSize - 1) / PageSize;
    public bool HasNextPage => Page < TotalPages;
}

/// <summary>The sort orders every list supports; newest first is the default.</summary>
public enum SortOrder
{
    Newest,
    Oldest,
}

/// <summary>Paging parameters shared by every list query.</summary>
public interface IPagedQuery
{
    /// <summary>1-based page number.</summary>
    int Page { get; }
    /// <summary>Items per page, 1–100.</summary>
    int PageSize { get; }
}

public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>
    /// Projects to the DTO (selecting only its columns) and takes one page, asking for one row more
    /// than the page holds: when that row is not there the page is the last one and the total is
    /// known without counting, so a list that fits one page costs one statement. Otherwise (more
    /// pages follow, or the page asked for lies past the end) the rows are counted.
    /// </summary>
    public static async Task<PagedResult<TDto>> ToPageAsync<TEntity, TDto>(
        this IQueryable<TEntity> query, IConfigurationProvider mapping, IPagedQuery paging,
        CancellationToken cancellationToken, object? parameters = null)
    {
        var items = await query.Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize + 1)
            .ProjectTo<TDto>(mapping, parameters)
            .ToListAsync(cancellationToken);
        return await PageOfAsync(items, query, paging, cancellationToken);
    }

    /// <summary>As the mapped overload, for a query that already selects its DTO (a join a mapping cannot express).</summary>
    public static async Task<PagedResult<TDto>> ToPageAsync<TDto>(this IQueryable<TDto> query, IPagedQuery paging, CancellationToken cancellationToken)
    {
        var items = await query.Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize + 1).ToListAsync(cancellationToken);
        return await PageOfAsync(items, query, paging, cancellationToken);
    }

    /// <summary>The page from the rows read (one past the page when more follow), counting <paramref name="query"/> only when needed.</summary>
    private static async Task<PagedResult<TDto>> PageOfAsync<TRow, TDto>(List<TDto> items, IQueryable<TRow> query, IPagedQuery paging, CancellationToken cancellationToken)
    {
        var skipped = (paging.Page - 1) * paging.PageSize;
        var last = items.Count <= paging.PageSize && (items.Count > 0 || paging.Page == 1);
        if (items.Count > paging.PageSize) items.RemoveAt(paging.PageSize);
        var total = last ? skipped + items.Count : await query.CountAsync(cancellationToken);
        return new PagedResult<TDto>(items, paging.Page, paging.PageSize, total);
    }

    /// <summary>The paging rules, included by each list query's validator.</summary>
    public static void AddPagingRules<T>(this AbstractValidator<T> validator) where T : IPagedQuery
    {
        validator.RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        validator.RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
    }
}
