import { Badge } from '../../components/Badge';
import { describeDue, formatDate } from '../../lib/format';
import type { Assignment } from './api/queries';

/** The due date, how far away it is, and an overdue badge when it has passed. */
export function DueDate({ assignment }: { assignment: Assignment }) {
  if (assignment.status === 'completed')
    return <span className="muted">Completed {formatDate(assignment.completedAt)}</span>;
  if (!assignment.dueAt) return <span className="muted">No due date</span>;
  const overdue = assignment.status === 'overdue';
  return (
    <span className="due">
      <time dateTime={assignment.dueAt}>{formatDate(assignment.dueAt)}</time>{' '}
      {overdue ? <Badge tone="danger">{describeDue(assignment.dueAt)}</Badge> : <span className="muted small">({describeDue(assignment.dueAt)})</span>}
    </span>
  );
}
