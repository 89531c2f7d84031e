import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap, type QueryOf, type Schemas } from '../../../api/client';

export type AssignmentListQuery = QueryOf<'listAssignments'>;
export type Assignment = Schemas['AssignmentDto'];

/** Keys and fetchers of assignments (the trainee's own and the ones managers set). */
export const assignmentQueries = {
  all: () => ['assignments'] as const,
  lists: () => [...assignmentQueries.all(), 'list'] as const,
  list: (query: AssignmentListQuery) =>
    queryOptions({
      queryKey: [...assignmentQueries.lists(), query] as const,
      queryFn: () => unwrap(api.GET('/api/assignments', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
};
