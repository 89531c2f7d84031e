import { lazy, Suspense, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { useSession } from './session';
import { localSession } from './localSession';
import { sessionQueries } from './queries';
import { ErrorState, Loading, EmptyState } from '../components/States';
import { ErrorSummary } from '../components/Form';
import { Badge } from '../components/Badge';

const ClerkSignIn = lazy(() => import('./ClerkSignIn'));

export function Component() {
  const session = useSession();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  if (session.status === 'signed-in') return <Navigate to={from} replace />;

  return (
    <main className="sign-in" id="main">
      <div className="sign-in-card">
        <h1 tabIndex={-1}>Voice AI Training</h1>
        <p className="muted">Practise sales calls against AI buyers.</p>
        {session.endedReason && (
          <p className="notice" role="status">
            {session.endedReason}
          </p>
        )}
        {session.mode === 'clerk' ? (
          <Suspense fallback={<Loading />}>
            <ClerkSignIn />
          </Suspense>
        ) : (
          <LocalSignIn from={from} />
        )}
      </div>
    </main>
  );
}

type DevMember = Schemas['DevSignInMemberDto'];

function LocalSignIn({ from }: { from: string }) {
  const navigate = useNavigate();
  const members = useQuery(sessionQueries.devMembers());
  const [chosen, setChosen] = useState<string | null>(null);
  const signIn = useMutation({
    mutationFn: (m: DevMember) => unwrap(api.POST('/api/dev/token', { body: { memberId: m.memberId } })),
    onSuccess: (res) => {
      localSession.set({ token: res.token, expiresAt: res.expiresAt, email: res.member.email });
      navigate(from, { replace: true });
    },
  });

  if (members.isPending) return <Loading label="Loading members…" />;
  if (members.isError) return <ErrorState error={members.error} onRetry={() => void members.refetch()} />;
  if (members.data.length === 0) return <EmptyState title="No members to sign in as">Seed the demo organization first.</EmptyState>;

  const orgs = new Map<string, DevMember[]>();
  for (const m of members.data) orgs.set(m.orgName, [...(orgs.get(m.orgName) ?? []), m]);

  return (
    <section aria-labelledby="local-sign-in">
      <h2 id="local-sign-in">
        Sign in as a demo member <Badge tone="warning">Local mode</Badge>
      </h2>
      <p className="muted small">No identity provider is configured, so you can sign in as any seeded member.</p>
      <ErrorSummary error={signIn.error} />
      {[...orgs.entries()].map(([org, list]) => (
        <div key={org} className="member-group">
          <h3>{org}</h3>
          <ul className="member-list">
            {list.map((m) => (
              <li key={m.memberId}>
                <button
                  type="button"
                  className="member-choice"
                  disabled={signIn.isPending}
                  onClick={() => {
                    setChosen(m.memberId);
                    signIn.mutate(m);
                  }}
                >
                  <span>
                    <strong>{m.name}</strong>
                    <span className="muted small"> {m.email}</span>
                  </span>
                  <Badge tone={m.role === 'trainee' ? 'info' : m.role === 'manager' ? 'success' : 'warning'}>
                    {signIn.isPending && chosen === m.memberId ? 'Signing in…' : m.role}
                  </Badge>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
