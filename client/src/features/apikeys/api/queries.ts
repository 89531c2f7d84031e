import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap, type QueryOf } from '../../../api/client';

/** Keys and fetchers of the organization's API keys. */
export const apiKeyQueries = {
  all: () => ['api-keys'] as const,
  lists: () => [...apiKeyQueries.all(), 'list'] as const,
  list: (query: QueryOf<'listApiKeys'>) =>
    queryOptions({
      queryKey: [...apiKeyQueries.lists(), query] as const,
      queryFn: () => unwrap(api.GET('/api/api-keys', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
};
