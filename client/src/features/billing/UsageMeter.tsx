import { useId } from 'react';
import { usageLevel, type Usage } from './billing';

/** One limit of the plan: what is used of what is allowed, as a labelled progress bar. */
export function UsageMeter({ label, usage, unit, hint }: { label: string; usage: Usage; unit?: string; hint?: string }) {
  const id = useId();
  const level = usageLevel(usage, unit);
  return (
    <div className={`usage usage-${level.tone}`}>
      <div className="usage-head">
        <span id={id} className="usage-label">
          {label}
        </span>
        <span className="usage-numbers">
          {level.text}
          {level.note && <span className={`usage-note usage-note-${level.tone}`}> · {level.note}</span>}
        </span>
      </div>
      {level.percent != null && (
        <div
          className="usage-bar"
          role="progressbar"
          aria-labelledby={id}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={level.percent}
          aria-valuetext={`${level.text}${unit ? '' : ' used'} (${level.percent}%)${level.note ? `, ${level.note.toLowerCase()}` : ''}`}
        >
          <div className="usage-fill" style={{ width: `${level.percent}%` }} />
        </div>
      )}
      {hint && <div className="hint">{hint}</div>}
    </div>
  );
}
