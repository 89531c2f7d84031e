import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

/** Keys and fetchers of progress: a member's scores and KPI trends (without a member, the caller's own). */
export const progressQueries = {
  all: () => ['progress'] as const,
  detail: (memberId?: string) =>
    queryOptions({
      queryKey: [...progressQueries.all(), memberId ?? 'me'] as const,
      queryFn: () => unwrap(api.GET('/api/progress', { params: { query: { memberId } } })),
    }),
};
