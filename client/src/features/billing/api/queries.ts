import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

/** Keys and fetchers of billing: the organization's plan, usage and invoices, the plan catalogue, and the voice AI SIMs. */
export const billingQueries = {
  all: () => ['billing'] as const,
  summary: () =>
    queryOptions({
      queryKey: [...billingQueries.all(), 'summary'] as const,
      queryFn: () => unwrap(api.GET('/api/billing')),
    }),
  plans: () =>
    queryOptions({
      queryKey: [...billingQueries.all(), 'plans'] as const,
      queryFn: () => unwrap(api.GET('/api/billing/plans')),
      staleTime: 5 * 60_000,
    }),
  voiceSims: () =>
    queryOptions({
      queryKey: [...billingQueries.all(), 'voice-sims'] as const,
      queryFn: () => unwrap(api.GET('/api/billing/voice-sims')),
    }),
};
