import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';

export type Role = Schemas['MemberRole'];

export const meQueryKey = ['members', 'me'] as const;

export function useMeQuery(enabled = true) {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: () => unwrap(api.GET('/api/members/me')),
    enabled,
    staleTime: 5 * 60_000,
    retry: (count, error) => count < 2 && !(error instanceof Error && 'status' in error && [401, 403].includes((error as { status: number }).status)),
  });
}

/** The signed-in member; only inside the app shell, which waits for it. */
export function useMe(): Schemas['MemberDto'] {
  const { data } = useMeQuery();
  if (!data) throw new Error('useMe before the member is loaded');
  return data;
}

const rank: Record<Role, number> = { trainee: 0, manager: 1, admin: 2 };

/** Managers can do what trainees can and more; admins everything. */
export function hasRole(role: Role, atLeast: Role): boolean {
  return rank[role] >= rank[atLeast];
}
