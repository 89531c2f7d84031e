import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type QueryOf, type Schemas } from '../../../api/client';
import { myFlagsKey } from '../../../lib/liveEvents';

export type MyFlag = Schemas['FlagDto'];
export type AdminFlags = Schemas['AdminFlagsDto'];
export type AdminFlag = Schemas['AdminFlagDto'];
export type FlagChange = Schemas['FlagChangeDto'];
export type FlagAuditQuery = QueryOf<'listFlagChanges'>;

/** Keys and fetchers of feature flags: the member's own (refetched on every live flag change) and the admin's view. */
export const flagQueries = {
  mine: () =>
    queryOptions({
      queryKey: myFlagsKey,
      queryFn: () => unwrap(api.GET('/api/me/flags')),
      staleTime: 5 * 60_000,
    }),
  admin: () => ['flags', 'admin'] as const,
  forAdmin: (memberId: string | null) =>
    queryOptions({
      queryKey: [...flagQueries.admin(), 'list', memberId ?? 'organization'] as const,
      queryFn: () => unwrap(api.GET('/api/admin/flags', { params: { query: memberId ? { memberId } : {} } })),
    }),
  audit: (query: FlagAuditQuery) =>
    queryOptions({
      queryKey: [...flagQueries.admin(), 'audit', query] as const,
      queryFn: () => unwrap(api.GET('/api/admin/flags/audit', { params: { query } })),
    }),
};

/** The signed-in member's flags (GET /api/me/flags), kept current by the live stream. */
export function useMyFlags() {
  return useQuery(flagQueries.mine());
}

/** Whether a flag is on for the signed-in member; false while unknown. */
export function useFlag(key: string): boolean {
  const { data } = useMyFlags();
  return data?.flags.find((f) => f.key === key)?.enabled ?? false;
}
