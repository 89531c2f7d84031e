import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap, type QueryOf } from '../../../api/client';

export type MemberListQuery = QueryOf<'listMembers'>;

/**
 * Keys and fetchers of members. The signed-in member's query (auth's `sessionQueries.me()`) sits
 * under the same `all()` key, so a change to members refreshes it too.
 */
export const memberQueries = {
  all: () => ['members'] as const,
  lists: () => [...memberQueries.all(), 'list'] as const,
  list: (query: MemberListQuery) =>
    queryOptions({
      queryKey: [...memberQueries.lists(), query] as const,
      queryFn: () => unwrap(api.GET('/api/members', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
  /** Active members, for pickers (the API caps a page at 100). */
  options: (query: MemberListQuery = {}) =>
    queryOptions({
      queryKey: [...memberQueries.all(), 'options', query] as const,
      queryFn: () => unwrap(api.GET('/api/members', { params: { query: { status: 'active', pageSize: 100, sort: 'oldest', ...query } } })),
      staleTime: 60_000,
    }),
};
