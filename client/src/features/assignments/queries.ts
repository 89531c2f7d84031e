import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type QueryOf, type Schemas } from '../../api/client';

export type AssignmentQuery = QueryOf<'listAssignments'>;
export type Assignment = Schemas['AssignmentDto'];

export function useAssignments(query: AssignmentQuery) {
  return useQuery({
    queryKey: ['assignments', query],
    queryFn: () => unwrap(api.GET('/api/assignments', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function assignmentTitle(a: Assignment): string {
  return a.scenarioTitle ?? a.trackTitle ?? 'Untitled';
}
