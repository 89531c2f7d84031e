import type { Schemas } from '../../api/client';
import { criterionKinds } from '../scenarios';
import { round } from '../../lib/format';
import { TableWrap } from '../../components/TableWrap';

/** The attempt's score against the pass mark, with each criterion's part in it. */
export function ScoreSummary({ score, passingThreshold }: { score: number | null | undefined; passingThreshold: number }) {
  if (score == null) return <p className="muted">Not scored.</p>;
  const passed = score >= passingThreshold;
  return (
    <div className={`score ${passed ? 'score-pass' : 'score-fail'}`}>
      <div className="score-number" aria-label={`Score ${score} out of 100`}>
        {score}
        <span className="score-of">/100</span>
      </div>
      <div>
        <strong>{passed ? 'Passed' : 'Below the pass mark'}</strong>
        <div className="small muted">Pass mark {passingThreshold}</div>
      </div>
    </div>
  );
}

export function CriterionTable({ criteria }: { criteria: Schemas['CriterionScoreDto'][] }) {
  if (criteria.length === 0) return <p className="muted">This scenario has no scoring criteria.</p>;
  return (
    <TableWrap label="Score by criterion table">
      <table className="criteria-table">
        <caption className="visually-hidden">Score by criterion</caption>
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            <th scope="col">Result</th>
            <th scope="col">Score</th>
            <th scope="col">Points</th>
            <th scope="col">Feedback</th>
          </tr>
        </thead>
        <tbody>
          {criteria.map((c, i) => (
            <tr key={i}>
              <th scope="row">
                {c.name}
                <div className="small muted">
                  {criterionKinds[c.kind].label} · weight {c.weight}
                </div>
              </th>
              <td>{!c.scored ? <span className="muted">Not judged</span> : c.met ? <span className="ok">✓ Met</span> : <span className="bad">✗ Not met</span>}</td>
              <td>{c.scored ? `${c.score}/100` : '—'}</td>
              <td>{c.scored ? round(c.points, 1) : '—'}</td>
              <td className="feedback">{c.feedback}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
