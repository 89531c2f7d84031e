import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

/** Keys and fetchers of local mode's mailbox; it is polled, so new emails show up while it is open. */
export const mailboxQueries = {
  all: () => ['dev', 'mailbox'] as const,
  list: (to: string) =>
    queryOptions({
      queryKey: [...mailboxQueries.all(), { to }] as const,
      queryFn: () => unwrap(api.GET('/api/dev/mailbox', { params: { query: { to: to || undefined, limit: 100 } } })),
      placeholderData: keepPreviousData,
      refetchInterval: 5000,
    }),
};
