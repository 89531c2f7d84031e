import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/States';
import { Badge, StatusBadge } from '../../components/Badge';
import { useClientConfig } from '../../auth/config';
import { useMe } from '../../auth/me';
import { describeCriterion, scenarioQueries } from '../scenarios';
import { attemptQueries } from '../attempts';
import { SimulatedCall } from './SimulatedCall';
import { LiveCall } from './LiveCall';
import { PlatformVoiceOption } from './PlatformVoice';
import { CallFailedNotice } from './CallFailedNotice';
import { formatDateTime } from '../../lib/format';

export function Component() {
  const { scenarioId = '' } = useParams();
  const scenario = useQuery(scenarioQueries.detail(scenarioId));
  const config = useClientConfig();

  return (
    <QueryView query={scenario} loadingLabel="Loading the scenario…">
      {(s) => (
        <Page title={s.title} description={s.description}>
          <div className="two-column">
            <section className="panel" aria-labelledby="call-heading">
              <h2 id="call-heading">Practice call</h2>
              <CallFailedNotice scenarioId={s.id} />
              <p className="muted">
                You are calling <strong>{s.personaName}</strong> <Badge>{s.difficulty}</Badge>. Pass mark: {s.passingThreshold}/100.
              </p>
              {s.status !== 'published' ? (
                <div className="notice" role="status">
                  This scenario is <StatusBadge status={s.status} />; only published scenarios can be practised.
                </div>
              ) : config.data?.voiceLocalMode ? (
                <SimulatedCall scenarioId={s.id} />
              ) : config.data?.vapiPublicKey ? (
                <LiveCall scenarioId={s.id} publicKey={config.data.vapiPublicKey} personaName={s.personaName} />
              ) : (
                <div className="notice notice-danger" role="alert">
                  Voice calls are not configured on this server (no Vapi public key). Ask your administrator.
                </div>
              )}
              {s.status === 'published' && <PlatformVoiceOption scenarioId={s.id} />}
            </section>
            <aside className="panel" aria-labelledby="rubric-heading">
              <h2 id="rubric-heading">How you are scored</h2>
              {s.rubric.length === 0 ? (
                <p className="muted">This scenario has no scoring criteria.</p>
              ) : (
                <ul className="rubric-summary">
                  {s.rubric.map((c, i) => (
                    <li key={i}>
                      <strong>{c.name}</strong> <span className="muted small">(weight {c.weight})</span>
                      <div className="small">{describeCriterion(c)}</div>
                    </li>
                  ))}
                </ul>
              )}
              <RecentAttempts scenarioId={s.id} />
            </aside>
          </div>
        </Page>
      )}
    </QueryView>
  );
}

function RecentAttempts({ scenarioId }: { scenarioId: string }) {
  const me = useMe();
  const attempts = useQuery(attemptQueries.list({ scenarioId, memberId: me.id, pageSize: 5 }));
  if (!attempts.data || attempts.data.items.length === 0) return null;
  return (
    <>
      <h3>Your recent attempts</h3>
      <ul className="plain-list">
        {attempts.data.items.map((a) => (
          <li key={a.id}>
            <Link to={`/attempts/${a.id}`}>{formatDateTime(a.createdAt)}</Link> — {a.score != null ? `${a.score}/100` : <StatusBadge status={a.status} />}
          </li>
        ))}
      </ul>
    </>
  );
}
