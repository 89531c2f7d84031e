import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { attemptQueries } from '../attempts';
import { assignmentQueries } from '../assignments';
import { progressQueries } from '../progress';
import { leaderboardQueries } from '../results';
import { ErrorState } from '../../components/States';

/** Waits for an attempt to be scored, then opens its results. */
export function AttemptWaiter({ attemptId }: { attemptId: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const attempt = useQuery(attemptQueries.detail(attemptId, 1500));
  const [slow, setSlow] = useState(false);
  const status = attempt.data?.status;

  useEffect(() => {
    if (status !== 'completed' && status !== 'failed') return;
    // A finished call changes assignments, history, progress and the leaderboard.
    for (const queryKey of [assignmentQueries.all(), progressQueries.all(), leaderboardQueries.all(), attemptQueries.lists()]) void queryClient.invalidateQueries({ queryKey });
    navigate(`/attempts/${attemptId}`);
  }, [status, attemptId, navigate, queryClient]);

  useEffect(() => {
    const id = window.setTimeout(() => setSlow(true), 60_000);
    return () => window.clearTimeout(id);
  }, []);

  if (attempt.isError) return <ErrorState error={attempt.error} onRetry={() => void attempt.refetch()} />;
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <div>
        Scoring your call…
        {slow && (
          <p className="small">
            This is taking longer than usual. You can leave this page; the result will appear in{' '}
            <Link to={`/attempts/${attemptId}`}>the attempt&apos;s page</Link>.
          </p>
        )}
      </div>
    </div>
  );
}
