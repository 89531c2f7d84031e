import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type QueryOf } from '../../../api/client';

export type LeaderboardQuery = QueryOf<'getLeaderboard'>;

/** Keys and fetchers of the leaderboard. */
export const leaderboardQueries = {
  all: () => ['leaderboard'] as const,
  detail: (query: LeaderboardQuery) =>
    queryOptions({
      queryKey: [...leaderboardQueries.all(), query] as const,
      queryFn: () => unwrap(api.GET('/api/leaderboard', { params: { query } })),
    }),
};
