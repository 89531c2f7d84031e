import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { Schemas } from '../../api/client';
import { useMe } from '../../auth/me';
import { Page } from '../../components/Page';
import { EmptyState, QueryView } from '../../components/States';
import { formatDate, round } from '../../lib/format';
import { formatKpi, kpiInfo, type KpiBand, type KpiMetric } from '../../lib/kpi';
import { attemptQueries } from '../attempts';
import { progressQueries } from './api/queries';
import { TrendChart } from './TrendChart';
import { TableWrap } from '../../components/TableWrap';

type Point = Schemas['ProgressPointDto'];
type Averages = Schemas['KpiAveragesDto'];

/** The KPI trends charted, with the KpiAveragesDto field each reads. */
const trends: { metric: KpiMetric; field: keyof Averages }[] = [
  { metric: 'talk_ratio', field: 'talkRatio' },
  { metric: 'words_per_minute', field: 'wordsPerMinute' },
  { metric: 'filler_words_per_minute', field: 'fillerWordsPerMinute' },
  { metric: 'questions_asked', field: 'questionsAsked' },
  { metric: 'longest_monologue_seconds', field: 'longestMonologueSeconds' },
  { metric: 'patience_seconds', field: 'patienceSeconds' },
];

export function Component() {
  const me = useMe();
  const [params] = useSearchParams();
  const memberId = params.get('memberId') ?? undefined;
  const progress = useQuery(progressQueries.detail(memberId));
  const own = !memberId || memberId === me.id;

  return (
    <QueryView query={progress} loadingLabel="Loading progress…">
      {(p) => {
        const latest = p.points.at(-1);
        return (
          <Page title={own ? 'My progress' : `${p.memberName}: progress`} description="Scores and conversation KPIs over time, oldest first.">
            {latest ? (
              <ProgressView progress={p} latest={latest} />
            ) : (
              <EmptyState title="No scored attempts yet">Scores and KPI trends appear here after the first scored call.</EmptyState>
            )}
          </Page>
        );
      }}
    </QueryView>
  );
}

function ProgressView({ progress: p, latest }: { progress: Schemas['ProgressDto']; latest: Point }) {
  // Benchmark bands come with attempts; the latest attempt's bands are drawn behind the trends.
  const bands = useQuery({ ...attemptQueries.detail(latest.attemptId), select: (a) => a.kpiBands });
  const bandOf = (m: KpiMetric): KpiBand | undefined => bands.data?.find((b) => b.metric === m);
  const data = p.points.map((pt: Point, i) => ({ index: i + 1, label: formatDate(pt.at), score: pt.score, ...pt.kpis, scenario: pt.scenarioTitle, passed: pt.passed }));

  return (
    <>
      <ul className="stat-grid">
        <li className="stat">
          <span className="stat-label">Scored attempts</span>
          <span className="stat-value">{p.attempts}</span>
        </li>
        <li className="stat">
          <span className="stat-label">Average score</span>
          <span className="stat-value">{round(p.averageScore, 0)}</span>
        </li>
        <li className="stat">
          <span className="stat-label">Best score</span>
          <span className="stat-value">{p.bestScore ?? '—'}</span>
        </li>
        <li className="stat">
          <span className="stat-label">Recent trend</span>
          <span className="stat-value">{p.recentTrend == null ? '—' : `${p.recentTrend > 0 ? '+' : ''}${round(p.recentTrend, 1)}`}</span>
          <span className="small muted">last 5 vs the 5 before</span>
        </li>
      </ul>
      <section className="panel" aria-labelledby="score-trend">
        <h2 id="score-trend">Score</h2>
        <TrendChart data={data} dataKey="score" name="Score" domain={[0, 100]} summary={`Scores from ${data[0]?.score} to ${data[data.length - 1]?.score} over ${data.length} attempts.`} />
      </section>
      <section aria-labelledby="kpi-trends">
        <h2 id="kpi-trends">KPI trends</h2>
        <div className="chart-grid">
          {trends.map(({ metric, field }) => {
            const band = bandOf(metric);
            const last = data[data.length - 1]?.[field];
            return (
              <div key={metric} className="panel">
                <h3>{kpiInfo[metric].label}</h3>
                <TrendChart
                  data={data}
                  dataKey={field}
                  name={kpiInfo[metric].label}
                  domain={metric === 'talk_ratio' ? [0, 100] : undefined}
                  band={band ? { min: band.min ?? undefined, max: band.max ?? undefined } : undefined}
                  summary={`Latest ${formatKpi(metric, typeof last === 'number' ? last : null)}${band ? `; benchmark ${band.min ?? '…'}–${band.max ?? '…'}` : ''}.`}
                />
              </div>
            );
          })}
        </div>
      </section>
      <details className="panel">
        <summary>Show the data as a table</summary>
        <TableWrap label="Progress data table">
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Scenario</th>
                <th scope="col">Score</th>
                {trends.map((t) => (
                  <th scope="col" key={t.metric}>
                    {kpiInfo[t.metric].label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {p.points.map((pt) => (
                <tr key={pt.attemptId}>
                  <td>{formatDate(pt.at)}</td>
                  <td>{pt.scenarioTitle}</td>
                  <td>{pt.score}</td>
                  {trends.map((t) => (
                    <td key={t.metric}>{formatKpi(t.metric, pt.kpis[t.field])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </>
  );
}
