import { useQuery } from '@tanstack/react-query';
import type { Schemas } from '../api/client';
import { sessionQueries } from './queries';

export type Role = Schemas['MemberRole'];

export function useMeQuery(enabled = true) {
  return useQuery({ ...sessionQueries.me(), enabled });
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
