import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type QueryOf } from '../../api/client';

/** Active members, for pickers (the API caps a page at 100). */
export function useMemberOptions(query: QueryOf<'listMembers'> = {}) {
  return useQuery({
    queryKey: ['members', 'options', query],
    queryFn: () => unwrap(api.GET('/api/members', { params: { query: { status: 'active', pageSize: 100, sort: 'oldest', ...query } } })),
    staleTime: 60_000,
  });
}
