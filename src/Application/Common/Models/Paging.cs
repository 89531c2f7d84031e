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

    /// <summary>Projects to the DTO (selecting only its columns), counts, and takes one page.</summary>
    public static async Task<PagedResult<TDto>> ToPageAsync<TEntity, TDto>(
        this IQueryable<TEntity> query, IConfigurationProvider mapping, IPagedQuery paging,
        CancellationToken cancellationToken, object? parameters = null)
    {
        var total = await query.CountAsync(cancellationToken);
        var items = total == 0
            ? []
            : await query.Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize)
                .ProjectTo<TDto>(mapping, parameters)
                .ToListAsync(cancellationToken);
        return new PagedResult<TDto>(items, paging.Page, paging.PageSize, total);
    }

    /// <summary>The paging rules, included by each list query's validator.</summary>
    public static void AddPagingRules<T>(this AbstractValidator<T> validator) where T : IPagedQuery
    {
        validator.RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        validator.RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
    }
}
