import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type QueryOf, type Schemas } from '../../../api/client';

export type Attempt = Schemas['AttemptDto'];
export type AttemptComment = Schemas['AttemptCommentDto'];
export type AttemptListQuery = QueryOf<'listAttempts'>;

/** Keys and fetchers of attempts and their feedback threads. */
export const attemptQueries = {
  all: () => ['attempts'] as const,
  lists: () => [...attemptQueries.all(), 'list'] as const,
  list: (query: AttemptListQuery) =>
    queryOptions({
      queryKey: [...attemptQueries.lists(), query] as const,
      queryFn: () => unwrap(api.GET('/api/attempts', { params: { query } })),
    }),
  details: () => [...attemptQueries.all(), 'detail'] as const,
  /** An attempt; while its call is in progress (or its recording is being stored) it is polled. */
  detail: (id: string, pollMs = 2000) =>
    queryOptions({
      queryKey: [...attemptQueries.details(), id] as const,
      queryFn: () => unwrap(api.GET('/api/attempts/{id}', { params: { path: { id } } })),
      refetchInterval: (q) => {
        const a = q.state.data;
        if (!a) return false;
        return a.status === 'in_progress' || a.recordingStatus === 'pending' ? pollMs : false;
      },
    }),
  /** An attempt's feedback thread, oldest first. */
  comments: (attemptId: string) =>
    queryOptions({
      queryKey: [...attemptQueries.all(), 'comments', attemptId] as const,
      queryFn: () => unwrap(api.GET('/api/attempts/{id}/comments', { params: { path: { id: attemptId } } })),
    }),
};
