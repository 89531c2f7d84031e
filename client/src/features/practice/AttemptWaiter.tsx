import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAttempt } from '../attempts/queries';
import { ErrorState } from '../../components/States';

/** Waits for an attempt to be scored, then opens its results. */
export function AttemptWaiter({ attemptId }: { attemptId: string }) {
  const navigate = useNavigate();
  const attempt = useAttempt(attemptId, 1500);
  const [slow, setSlow] = useState(false);
  const status = attempt.data?.status;

  useEffect(() => {
    if (status === 'completed' || status === 'failed') navigate(`/attempts/${attemptId}`);
  }, [status, attemptId, navigate]);

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
