import { useState } from 'react';
import { Link } from 'react-router';
import { useLiveEvent, type CallFailedEvent } from '../../lib/liveEvents';

/** Tells the trainee at once, on the practice page, that a call of this scenario failed and why (the live stream's call.failed). */
export function CallFailedNotice({ scenarioId }: { scenarioId: string }) {
  const [failure, setFailure] = useState<CallFailedEvent | null>(null);
  useLiveEvent<CallFailedEvent>('call.failed', (e) => {
    if (e.scenarioId === scenarioId) setFailure(e);
  });
  if (!failure) return null;
  return (
    <div className="notice notice-danger" role="alert">
      <strong>Your call failed.</strong> {failure.message} <Link to={`/attempts/${failure.attemptId}`}>See the attempt</Link>{' '}
      <button type="button" className="link-button" onClick={() => setFailure(null)}>
        Dismiss
      </button>
    </div>
  );
}
