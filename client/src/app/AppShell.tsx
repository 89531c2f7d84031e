import { useEffect, useRef, useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { sessionQueries } from '../auth/queries';
import { ApiError } from '../api/errors';
import { useSession } from '../auth/session';
import { hasRole, useMeQuery } from '../auth/me';
import { useClientConfig } from '../auth/config';
import { ErrorState, Loading } from '../components/States';
import { Badge } from '../components/Badge';
import { navSections } from './nav';
import { LiveUpdatesProvider } from '../lib/live';

/** The signed-in app: header, navigation by role, and the page. */
export function AppShell() {
  const session = useSession();
  const location = useLocation();
  const me = useMeQuery(session.status === 'signed-in');

  if (session.status === 'signed-out')
    return <Navigate to="/sign-in" replace state={session.signedOutByUser ? null : { from: location.pathname + location.search }} />;
  if (me.isPending) return <Loading label="Loading your account…" />;
  if (me.isError) {
    const noOrg = me.error instanceof ApiError && me.error.status === 403;
    return (
      <main className="centered" id="main">
        <ErrorState error={me.error} title={noOrg ? 'Your account is not in an organization' : 'Could not load your account'} onRetry={() => void me.refetch()} />
        <button type="button" className="button secondary" onClick={session.signOut}>
          Sign out
        </button>
      </main>
    );
  }
  // One live stream for the signed-in app: flag changes and live calls reach every screen.
  return (
    <LiveUpdatesProvider>
      <Shell />
    </LiveUpdatesProvider>
  );
}

function Shell() {
  const session = useSession();
  const { data: me } = useMeQuery();
  const config = useClientConfig();
  const org = useQuery(sessionQueries.organization());
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After client-side navigation, move focus to the new page's heading so keyboard and
  // screen-reader users start there (and hear where they are).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const id = window.setTimeout(() => {
      const heading = document.getElementById('page-title');
      (heading ?? mainRef.current)?.focus();
    }, 0);
    return () => window.clearTimeout(id);
  }, [location.pathname]);

  if (!me) return null;
  const localMode = config.data?.localMode ?? false;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◉
          </span>
          <span>
            Voice AI Training
            {org.data && <span className="org-name"> · {org.data.name}</span>}
          </span>
        </div>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
        <div className="user">
          {localMode && <Badge tone="warning">Local mode</Badge>}
          <span className="user-name">
            {me.name} <span className="muted small">({me.role})</span>
          </span>
          <button type="button" className="button secondary small" onClick={session.signOut}>
            Sign out
          </button>
        </div>
      </header>
      <div className="layout">
        <nav id="main-nav" className={`sidenav${menuOpen ? ' open' : ''}`} aria-label="Main">
          {navSections
            .filter((s) => hasRole(me.role, s.minRole))
            .map((section) => (
              <div key={section.label} className="nav-section">
                <h2 className="nav-heading">{section.label}</h2>
                <ul>
                  {section.items
                    .filter((item) => !item.localOnly || localMode)
                    .map((item) => (
                      <li key={item.label}>
                        {item.to ? (
                          <NavLink to={item.to} end={item.to === '/practice' || item.to === '/attempts'} onClick={() => setMenuOpen(false)}>
                            {item.label}
                          </NavLink>
                        ) : (
                          <span className="nav-unavailable" title="Coming soon">
                            {item.label} <span className="soon">soon</span>
                          </span>
                        )}
                      </li>
                    ))}
                </ul>
              </div>
            ))}
        </nav>
        <main id="main" ref={mainRef} tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
