import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** Keys and fetchers of what the app shell and sign-in need before any screen: configuration, the signed-in member, the organization. */
export const sessionQueries = {
  /** What the API says is configured: sign-in mode, Clerk and Vapi public keys, voice local mode. */
  config: () =>
    queryOptions({
      queryKey: ['config'] as const,
      queryFn: () => unwrap(api.GET('/api/config')),
      staleTime: Infinity,
      retry: 2,
    }),
  /** The signed-in member; under the members key (`memberQueries.all()`), so a change to members refreshes it too. */
  me: () =>
    queryOptions({
      queryKey: ['members', 'me'] as const,
      queryFn: () => unwrap(api.GET('/api/members/me')),
      staleTime: 5 * 60_000,
      retry: (count, error) => count < 2 && !(error instanceof Error && 'status' in error && [401, 403].includes((error as { status: number }).status)),
    }),
  organization: () =>
    queryOptions({
      queryKey: ['organization'] as const,
      queryFn: () => unwrap(api.GET('/api/organization')),
      staleTime: 5 * 60_000,
    }),
  /** Local mode: the seeded members one can sign in as. */
  devMembers: () =>
    queryOptions({
      queryKey: ['dev', 'members'] as const,
      queryFn: () => unwrap(api.GET('/api/dev/members')),
    }),
};
