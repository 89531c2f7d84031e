import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '../../api/client';
import { useLiveEvent, type CallFailedEvent, type TranscriptUpdateEvent } from '../../lib/liveEvents';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/States';
import { StatusBadge } from '../../components/Badge';
import { useMe } from '../../auth/me';
import { formatDateTime, formatDuration } from '../../lib/format';
import { attemptQueries, type Attempt } from './api/queries';
import { CriterionTable, ScoreSummary } from './ScoreBreakdown';
import { KpiCards } from './KpiCards';
import { RecordingPlayer } from './RecordingPlayer';
import { Transcript } from './Transcript';
import { FeedbackThread } from './FeedbackThread';

export function Component() {
  const { attemptId = '' } = useParams();
  const attempt = useQuery(attemptQueries.detail(attemptId));
  return (
    <QueryView query={attempt} loadingLabel="Loading the attempt…">
      {(a) => <AttemptView attempt={a} />}
    </QueryView>
  );
}

type Turn = Schemas['TranscriptTurnDto'];

/**
 * The transcript to show: while the call is in progress, the stored turns completed by the ones the
 * live stream brings (by their index in the conversation, so a turn heard twice shows once); after
 * it, the attempt's own.
 */
function useLiveTranscript(a: Attempt): Turn[] {
  const queryClient = useQueryClient();
  const [live, setLive] = useState<Map<number, Turn>>(() => new Map());
  useLiveEvent<TranscriptUpdateEvent>('transcript.update', (e) => {
    if (e.attemptId !== a.id) return;
    setLive((m) => new Map(m).set(e.index, { role: e.role, text: e.text, timestampMs: e.timestampMs }));
  });
  // A failure shows at once rather than at the next poll.
  useLiveEvent<CallFailedEvent>('call.failed', (e) => {
    if (e.attemptId === a.id) void queryClient.invalidateQueries({ queryKey: attemptQueries.detail(a.id).queryKey });
  });
  if (a.status !== 'in_progress' || live.size === 0) return a.transcript;
  const turns: (Turn | undefined)[] = [...a.transcript];
  for (const [index, turn] of live) turns[index] = turn;
  return turns.filter((t): t is Turn => t !== undefined);
}

function AttemptView({ attempt: a }: { attempt: Attempt }) {
  const me = useMe();
  const player = useRef<HTMLAudioElement>(null);
  const own = a.memberId === me.id;
  const turns = useLiveTranscript(a);
  const live = a.status === 'in_progress';

  const seek = (seconds: number) => {
    const audio = player.current;
    if (!audio) return;
    audio.currentTime = seconds;
    void audio.play().catch(() => undefined);
  };

  return (
    <Page
      title={a.scenarioTitle}
      description={
        <>
          {own ? 'Your attempt' : a.memberName} · {formatDateTime(a.startedAt ?? a.createdAt)} · {formatDuration(a.durationSeconds)} · <StatusBadge status={a.status} />
        </>
      }
      actions={
        own ? (
          <Link className="button secondary" to={`/practice/${a.scenarioId}`}>
            Practise again
          </Link>
        ) : undefined
      }
    >
      {a.status === 'in_progress' && (
        <div className="state state-loading" role="status">
          <span className="spinner" aria-hidden="true" /> The call is in progress or being scored. This page updates by itself.
        </div>
      )}
      {a.status === 'failed' && (
        <div className="notice notice-danger" role="alert">
          <strong>The call failed.</strong> {a.failureReason ?? a.endedReason ?? 'No reason was given.'}
        </div>
      )}
      {a.status === 'completed' && (
        <>
          <section className="panel" aria-labelledby="score-heading">
            <h2 id="score-heading">Score</h2>
            <div className="score-row">
              <ScoreSummary score={a.score} passingThreshold={a.passingThreshold} />
              {a.feedback && <p className="feedback-text">{a.feedback}</p>}
            </div>
            <CriterionTable criteria={a.criterionScores} />
          </section>
          <section className="panel" aria-labelledby="kpi-heading">
            <h2 id="kpi-heading">Conversation KPIs</h2>
            <KpiCards bands={a.kpiBands} kpis={a.kpis} />
          </section>
        </>
      )}
      <div className="two-column">
        <section className="panel" aria-labelledby="recording-heading">
          <h2 id="recording-heading">Recording</h2>
          <RecordingPlayer ref={player} attempt={a} traineeName={own ? 'You' : a.memberName} />
          {a.analysisSummary && <p className="small muted">{a.analysisSummary}</p>}
        </section>
        <section className="panel" aria-labelledby="transcript-heading">
          <h2 id="transcript-heading">{live ? 'Live transcript' : 'Transcript'}</h2>
          {live && turns.length === 0 ? (
            <p className="muted">The conversation appears here as it happens.</p>
          ) : (
            <div aria-live={live ? 'polite' : undefined}>
              <Transcript turns={turns} buyerName="AI buyer" traineeName={own ? 'You' : a.memberName} onSeek={a.recordingStatus === 'stored' ? seek : undefined} />
            </div>
          )}
        </section>
      </div>
      <FeedbackThread attemptId={a.id} traineeName={a.memberName} own={own} />
    </Page>
  );
}
