import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Page } from '../../components/Page';
import { EmptyState, QueryView } from '../../components/States';
import { Pagination } from '../../components/Pagination';
import { round } from '../../lib/format';
import { memberQueries } from '../members';
import { scenarioQueries } from '../scenarios';
import { AttemptsTable, attemptQueries } from '../attempts';
import { progressQueries } from '../progress';

export function Component() {
  const [params, setParams] = useSearchParams();
  const memberId = params.get('memberId') ?? '';
  const scenarioId = params.get('scenarioId') ?? '';
  const [page, setPage] = useState(1);
  const members = useQuery(memberQueries.options());
  const scenarios = useQuery(scenarioQueries.list({ pageSize: 100, sort: 'oldest' }));
  const attempts = useQuery({
    ...attemptQueries.list({ memberId: memberId || undefined, scenarioId: scenarioId || undefined, page, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setPage(1);
  };

  return (
    <Page title="Team results" description="Your team's practice calls. Open any attempt for its score, KPIs, transcript and recording.">
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="results-member">Member</label>
          <select id="results-member" value={memberId} onChange={(e) => setFilter('memberId', e.target.value)}>
            <option value="">Everyone</option>
            {members.data?.items.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="results-scenario">Scenario</label>
          <select id="results-scenario" value={scenarioId} onChange={(e) => setFilter('scenarioId', e.target.value)}>
            <option value="">All scenarios</option>
            {scenarios.data?.items.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
      </div>
      {memberId && <MemberSummary memberId={memberId} />}
      <QueryView
        query={attempts}
        isEmpty={(d) => d.items.length === 0}
        empty={<EmptyState title={memberId || scenarioId ? 'No attempts match these filters' : 'No attempts yet'}>Attempts appear here once your team practises.</EmptyState>}
      >
        {(data) => (
          <>
            <AttemptsTable attempts={data.items} showMember={!memberId} />
            <Pagination page={data.page} totalPages={data.totalPages} totalCount={data.totalCount} onPage={setPage} label="Attempts" />
          </>
        )}
      </QueryView>
    </Page>
  );
}

function MemberSummary({ memberId }: { memberId: string }) {
  const progress = useQuery(progressQueries.detail(memberId));
  if (!progress.data) return null;
  const p = progress.data;
  return (
    <section className="panel" aria-label={`${p.memberName} summary`}>
      <ul className="stat-grid compact">
        <li className="stat">
          <span className="stat-label">Scored attempts</span>
          <span className="stat-value">{p.attempts}</span>
        </li>
        <li className="stat">
          <span className="stat-label">Average</span>
          <span className="stat-value">{p.attempts ? round(p.averageScore, 0) : '—'}</span>
        </li>
        <li className="stat">
          <span className="stat-label">Best</span>
          <span className="stat-value">{p.bestScore ?? '—'}</span>
        </li>
        <li className="stat">
          <span className="stat-label">Talk ratio (avg)</span>
          <span className="stat-value">{p.attempts ? `${round(p.kpiAverages.talkRatio, 0)}%` : '—'}</span>
        </li>
      </ul>
      <Link to={`/progress?memberId=${memberId}`}>See {p.memberName}&apos;s progress charts</Link>
    </section>
  );
}
