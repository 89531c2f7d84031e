import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ErrorSummary, Field } from '../../components/Form';
import { formatClock, formatDuration } from '../../lib/format';
import { useLiveEvent } from '../../lib/liveEvents';
import { useFlag } from '../flags';
import { VOICE_AI_FLAG, voiceQueries, type VoiceSessionStarted } from './api/queries';
import { endedReasonText, formatUsd, runningCost } from './voiceSession';

/**
 * "Platform voice (beta)": a voice session on the platform's own pipeline, offered when the
 * caller's voice_ai_enabled is on (it follows the flag live: the stream invalidates the flags).
 */
export function PlatformVoiceOption({ scenarioId }: { scenarioId: string }) {
  const enabled = useFlag(VOICE_AI_FLAG);
  if (!enabled) return null;
  return (
    <section className="platform-voice" aria-labelledby="platform-voice-heading">
      <h3 id="platform-voice-heading">Platform voice (beta)</h3>
      <PlatformVoiceSession scenarioId={scenarioId} />
    </section>
  );
}

function PlatformVoiceSession({ scenarioId }: { scenarioId: string }) {
  const [minutes, setMinutes] = useState('10');
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/voice/start-session', { body: { scenarioId, expectedDurationMinutes: Number(minutes) } })),
  });
  const end = useMutation({
    mutationFn: (sessionId: string) => unwrap(api.POST('/api/voice/end-session', { body: { sessionId } })),
    onSuccess: (_, sessionId) => queryClient.invalidateQueries({ queryKey: voiceQueries.session(sessionId).queryKey }),
  });

  if (start.data) return <RunningSession started={start.data} end={() => end.mutate(start.data.sessionId)} ending={end.isPending} endError={end.error} />;

  const fieldErrors = start.error instanceof ApiError ? start.error.fieldErrors : {};
  return (
    <form
      className="call-panel"
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate();
      }}
    >
      <p className="muted">
        A session on the platform&apos;s own voice pipeline. It is priced per minute and stopped automatically at your
        organization&apos;s cost limit or longest session.
      </p>
      <ErrorSummary error={start.error} labels={{ expectedDurationMinutes: 'Expected length' }} />
      <Field label="Expected length (minutes)" path="expectedDurationMinutes" errors={fieldErrors.expectedDurationMinutes} hint="Used for the cost estimate.">
        {(props) => <input {...props} type="number" min={1} step={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} />}
      </Field>
      <button type="submit" className="button" disabled={start.isPending}>
        {start.isPending ? 'Starting the session…' : 'Start platform session'}
      </button>
    </form>
  );
}

function RunningSession({
  started,
  end,
  ending,
  endError,
}: {
  started: VoiceSessionStarted;
  end: () => void;
  ending: boolean;
  endError: unknown;
}) {
  const session = useQuery(voiceQueries.session(started.sessionId));
  const queryClient = useQueryClient();
  // The API tells the browser when the session ends (the watchdog's limits, an admin, a newer session).
  useLiveEvent<{ sessionId: string }>('voice.session.ended', (data) => {
    if (data.sessionId === started.sessionId) void queryClient.invalidateQueries({ queryKey: voiceQueries.session(started.sessionId).queryKey });
  });
  const elapsed = useElapsedSeconds(session.data?.startedAt);
  const s = session.data;

  if (s && s.status !== 'active') {
    const seconds = s.endedAt ? Math.max(0, (Date.parse(s.endedAt) - Date.parse(s.startedAt)) / 1000) : null;
    return (
      <div className="call-panel" role="status">
        <p>
          <strong>Session ended.</strong> {endedReasonText(s.endReason)}
        </p>
        <ul className="stat-grid compact">
          <Stat label="Length" value={formatDuration(seconds == null ? null : Math.ceil(seconds))} />
          <Stat label="Cost" value={formatUsd(s.runningCost)} />
          <Stat label="Estimate was" value={formatUsd(s.costEstimate)} />
        </ul>
        <Link to={`/attempts/${s.attemptId}`}>See the attempt and its score</Link>
      </div>
    );
  }

  return (
    <div className="call-panel">
      {started.localMode && (
        <div className="notice" role="note">
          <strong>Local mode.</strong> The session, its cost and its limits are real, but this page sends no audio yet: audio
          comes with the direct voice pipeline. No TURN server is configured on this server.
        </div>
      )}
      <ul className="stat-grid compact">
        <Stat label="Cost estimate" value={`${formatUsd(started.costEstimate)} for ${started.expectedDurationMinutes} min`} />
        <Stat label="Price" value={`${formatUsd(started.pricePerMinute)} / min`} />
        <Stat label="Stops at" value={`${formatUsd(started.circuitBreakerThreshold)} or ${started.maxSessionMinutes} min`} />
        <Stat label="Running" value={formatClock(elapsed)} />
        <Stat label="Running cost" value={formatUsd(runningCost(elapsed, started.pricePerMinute))} />
      </ul>
      <ErrorSummary error={endError} />
      <button type="button" className="button danger" onClick={end} disabled={ending}>
        {ending ? 'Ending…' : 'End session'}
      </button>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <li className="stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
    </li>
  );
}

/** Seconds since `since`, ticking once a second. */
function useElapsedSeconds(since: string | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return since ? Math.max(0, (now - Date.parse(since)) / 1000) : 0;
}
