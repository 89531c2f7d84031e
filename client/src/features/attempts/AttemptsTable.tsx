import { Link } from 'react-router';
import type { Schemas } from '../../api/client';
import { StatusBadge } from '../../components/Badge';
import { formatDateTime, formatDuration } from '../../lib/format';
import { TableWrap } from '../../components/TableWrap';

export function AttemptsTable({ attempts, showMember }: { attempts: Schemas['AttemptSummaryDto'][]; showMember?: boolean }) {
  return (
    <TableWrap label="Attempts table">
      <table>
        <caption className="visually-hidden">Attempts</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            {showMember && <th scope="col">Member</th>}
            <th scope="col">Scenario</th>
            <th scope="col">Duration</th>
            <th scope="col">Status</th>
            <th scope="col">Score</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => (
            <tr key={a.id}>
              <td>
                <Link to={`/attempts/${a.id}`}>{formatDateTime(a.startedAt ?? a.createdAt)}</Link>
              </td>
              {showMember && <td>{a.memberName}</td>}
              <td>{a.scenarioTitle}</td>
              <td>{formatDuration(a.durationSeconds)}</td>
              <td>
                <StatusBadge status={a.status} />
              </td>
              <td>{a.score != null ? <strong>{a.score}</strong> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
