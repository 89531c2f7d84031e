import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';

export type Attempt = Schemas['AttemptDto'];

/** An attempt; while its call is in progress (or its recording is being stored) it is polled. */
export function useAttempt(id: string, pollMs = 2000) {
  return useQuery({
    queryKey: ['attempts', id],
    queryFn: () => unwrap(api.GET('/api/attempts/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => {
      const a = q.state.data;
      if (!a) return false;
      return a.status === 'in_progress' || a.recordingStatus === 'pending' ? pollMs : false;
    },
  });
}

export type AttemptComment = Schemas['AttemptCommentDto'];

export const commentsKey = (attemptId: string) => ['attempts', attemptId, 'comments'] as const;

/** An attempt's feedback thread, oldest first. */
export function useAttemptComments(attemptId: string) {
  return useQuery({
    queryKey: commentsKey(attemptId),
    queryFn: () => unwrap(api.GET('/api/attempts/{id}/comments', { params: { path: { id: attemptId } } })),
  });
}
