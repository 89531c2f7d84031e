import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { Schemas } from '../../api/client';
import { useMe } from '../../auth/me';
import { Page } from '../../components/Page';
import { EmptyState, QueryView } from '../../components/States';
import { round } from '../../lib/format';
import { scenarioQueries } from '../scenarios';
import { trackQueries } from '../tracks';
import { leaderboardQueries } from './api/queries';
import { ratioText } from '../../lib/kpi';
import { TableWrap } from '../../components/TableWrap';

type Period = Schemas['LeaderboardPeriod'];

export function Component() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const period = (params.get('period') as Period | null) ?? 'month';
  const scenarioId = params.get('scenarioId') ?? '';
  const trackId = params.get('trackId') ?? '';
  const scenarios = useQuery(scenarioQueries.list({ status: 'published', pageSize: 100, sort: 'oldest' }));
  const tracks = useQuery(trackQueries.list({ pageSize: 100 }));
  const board = useQuery(leaderboardQueries.detail({ period, scenarioId: scenarioId || undefined, trackId: trackId || undefined }));

  // One of scenario or track: choosing one clears the other.
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  return (
    <Page title="Leaderboard" description="Ranked by best score, then average score, then number of attempts.">
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="lb-period">Period</label>
          <select id="lb-period" value={period} onChange={(e) => set({ period: e.target.value })}>
            <option value="week">This week</option>
            <option value="month">This month</option>
            <option value="all">All time</option>
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="lb-scenario">Scenario</label>
          <select id="lb-scenario" value={scenarioId} onChange={(e) => set({ scenarioId: e.target.value, trackId: '' })}>
            <option value="">Any scenario</option>
            {scenarios.data?.items.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="lb-track">Track</label>
          <select id="lb-track" value={trackId} onChange={(e) => set({ trackId: e.target.value, scenarioId: '' })}>
            <option value="">Any track</option>
            {tracks.data?.items.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryView query={board} isEmpty={(d) => d.entries.length === 0} empty={<EmptyState title="Nobody has a scored attempt in this period yet" />}>
        {(data) => (
          <TableWrap label="Leaderboard table">
            <table className="leaderboard">
              <caption className="visually-hidden">Leaderboard</caption>
              <thead>
                <tr>
                  <th scope="col">Rank</th>
                  <th scope="col">Member</th>
                  <th scope="col">Best</th>
                  <th scope="col">Average</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Talk ratio</th>
                  <th scope="col">Pace (wpm)</th>
                  <th scope="col">Questions</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((e) => (
                  <tr key={e.memberId} className={e.memberId === me.id ? 'is-me' : undefined}>
                    <td>
                      <span className={`rank rank-${e.rank}`}>{e.rank}</span>
                    </td>
                    <th scope="row">
                      {e.memberName}
                      {e.memberId === me.id && <span className="muted small"> (you)</span>}
                    </th>
                    <td>{e.bestScore}</td>
                    <td>{round(e.averageScore, 1)}</td>
                    <td>{e.attempts}</td>
                    <td>{ratioText(e.kpiAverages.talkRatio)}</td>
                    <td>{round(e.kpiAverages.wordsPerMinute, 0)}</td>
                    <td>{round(e.kpiAverages.questionsAsked, 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </QueryView>
    </Page>
  );
}
