import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ErrorSummary } from '../../components/Form';
import { AttemptWaiter } from './AttemptWaiter';

/** Local voice mode: the API plays a plausible call through its own webhook, so the whole path runs offline. */
export function SimulatedCall({ scenarioId }: { scenarioId: string }) {
  const simulate = useMutation({
    mutationFn: () => unwrap(api.POST('/api/dev/simulate-call', { body: { scenarioId } })),
  });
  return (
    <div className="call-panel">
      <p>
        Voice calls run in <strong>local mode</strong> here (no Vapi keys are configured), so no microphone is used. A simulated call
        plays a realistic conversation through the same scoring path as a real one.
      </p>
      <ErrorSummary error={simulate.error} />
      {simulate.data ? (
        <AttemptWaiter attemptId={simulate.data.attemptId} />
      ) : (
        <button type="button" className="button primary large" onClick={() => simulate.mutate()} disabled={simulate.isPending}>
          {simulate.isPending ? 'Simulating the call…' : 'Simulate call'}
        </button>
      )}
    </div>
  );
}
