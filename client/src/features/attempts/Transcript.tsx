import type { Schemas } from '../../api/client';
import { formatClock } from '../../lib/format';

/** The call's turns with speakers and timestamps; a timestamp seeks the recording when there is one. */
export function Transcript({
  turns,
  buyerName,
  traineeName = 'Trainee',
  onSeek,
}: {
  turns: Schemas['TranscriptTurnDto'][];
  buyerName: string;
  traineeName?: string;
  onSeek?: (seconds: number) => void;
}) {
  if (turns.length === 0) return <p className="muted">No transcript was recorded.</p>;
  // The list scrolls within its box; without a recording its timestamps are not buttons, so the list
  // itself takes the focus for keyboard scrolling.
  return (
    <ol className="transcript" tabIndex={onSeek ? undefined : 0} aria-label={onSeek ? undefined : 'Transcript'}>
      {turns.map((t, i) => {
        const trainee = t.role === 'user';
        const at = formatClock(t.timestampMs / 1000);
        return (
          <li key={i} className={`turn ${trainee ? 'turn-user' : 'turn-assistant'}`}>
            <div className="turn-meta">
              <span className="speaker">{trainee ? traineeName : buyerName}</span>
              {onSeek ? (
                <button type="button" className="link-button timestamp" onClick={() => onSeek(t.timestampMs / 1000)} aria-label={`Play from ${at}`}>
                  {at}
                </button>
              ) : (
                <span className="timestamp">{at}</span>
              )}
            </div>
            <p>{t.text}</p>
          </li>
        );
      })}
    </ol>
  );
}
