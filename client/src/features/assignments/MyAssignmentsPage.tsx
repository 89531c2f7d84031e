import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { Schemas } from '../../api/client';
import { Page } from '../../components/Page';
import { EmptyState, ErrorState, Loading, QueryView } from '../../components/States';
import { Badge, StatusBadge } from '../../components/Badge';
import { Pagination } from '../../components/Pagination';
import { trackQueries } from '../tracks';
import { assignmentQueries, type Assignment } from './api/queries';
import { assignmentTitle } from './assignmentTitle';
import { DueDate } from './DueDate';

type StatusFilter = Schemas['AssignmentStatus'] | 'all';

const filters: { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'To do' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'completed', label: 'Completed' },
];

export function Component() {
  const [status, setStatus] = useState<StatusFilter>('all');
  const [page, setPage] = useState(1);
  const query = useQuery(assignmentQueries.list({ scope: 'mine', status: status === 'all' ? undefined : status, page, pageSize: 20 }));

  return (
    <Page title="My assignments" description="Scenarios and tracks your manager has given you, with their due dates.">
      <div className="segmented" role="group" aria-label="Show assignments">
        {filters.map((f) => (
          <button
            key={f.value}
            type="button"
            aria-pressed={status === f.value}
            onClick={() => {
              setStatus(f.value);
              setPage(1);
            }}
          >
            {f.label}
          </button>
        ))}
      </div>
      <QueryView
        query={query}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <EmptyState title={status === 'all' ? 'No assignments yet' : `No ${filters.find((f) => f.value === status)?.label.toLowerCase()} assignments`}>
            You can still practise any published scenario from <Link to="/practice">Scenarios</Link>.
          </EmptyState>
        }
      >
        {(data) => (
          <>
            <ul className="card-list">
              {data.items.map((a) => (
                <li key={a.id} className={`card assignment-card${a.status === 'overdue' ? ' is-overdue' : ''}`}>
                  <AssignmentCard assignment={a} />
                </li>
              ))}
            </ul>
            <Pagination page={data.page} totalPages={data.totalPages} totalCount={data.totalCount} onPage={setPage} label="Assignments" />
          </>
        )}
      </QueryView>
    </Page>
  );
}

function AssignmentCard({ assignment: a }: { assignment: Assignment }) {
  return (
    <>
      <div className="card-head">
        <h2 className="card-title">{assignmentTitle(a)}</h2>
        <div className="badges">
          <Badge>{a.trackId ? 'Track' : 'Scenario'}</Badge>
          <StatusBadge status={a.status} />
        </div>
      </div>
      <p className="card-meta">
        {a.status !== 'completed' && 'Due: '}
        <DueDate assignment={a} />
      </p>
      {a.scenarioId && a.status !== 'completed' && (
        <Link className="button" to={`/practice/${a.scenarioId}`}>
          Practise<span className="visually-hidden"> {a.scenarioTitle}</span>
        </Link>
      )}
      {a.scenarioId && a.status === 'completed' && (
        <Link className="button secondary" to={`/practice/${a.scenarioId}`}>
          Practise again<span className="visually-hidden"> {a.scenarioTitle}</span>
        </Link>
      )}
      {a.trackId && <TrackSteps trackId={a.trackId} />}
    </>
  );
}

function TrackSteps({ trackId }: { trackId: string }) {
  const track = useQuery(trackQueries.detail(trackId));
  if (track.isPending) return <Loading label="Loading the track…" />;
  if (track.isError) return <ErrorState error={track.error} onRetry={() => void track.refetch()} />;
  if (track.data.scenarios.length === 0) return <p className="muted">This track has no scenarios yet.</p>;
  return (
    <ol className="track-steps" aria-label={`Scenarios of ${track.data.title}`}>
      {track.data.scenarios.map((s) => (
        <li key={s.scenarioId}>
          <span>{s.title}</span>
          {s.status === 'published' ? (
            <Link className="button small secondary" to={`/practice/${s.scenarioId}`}>
              Practise<span className="visually-hidden"> {s.title}</span>
            </Link>
          ) : (
            <span className="muted small">not available</span>
          )}
        </li>
      ))}
    </ol>
  );
}
