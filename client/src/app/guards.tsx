import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { hasRole, useMe, type Role } from '../auth/me';
import { Page } from '../components/Page';

/** Renders the nested routes only for members with at least the given role. */
export function RequireRole({ minRole: role }: { minRole: Role }) {
  const me = useMe();
  if (hasRole(me.role, role)) return <Outlet />;
  return (
    <Page title="No access">
      <div className="state state-error" role="alert">
        <strong>This page is for {role}s.</strong>
        <p>
          Your role is {me.role}. <Link to="/">Go to your start page</Link>.
        </p>
      </div>
    </Page>
  );
}

export function HomeRedirect() {
  const me = useMe();
  return <Navigate to={hasRole(me.role, 'manager') ? '/manage/scenarios' : '/assignments'} replace />;
}

export function NotFound() {
  return (
    <Page title="Page not found">
      <p>
        There is nothing at this address. <Link to="/">Go to your start page</Link>.
      </p>
    </Page>
  );
}

/** Sends an old or external address to its screen, keeping the query string (?success=true). */
export function RedirectWithQuery({ to }: { to: string }) {
  const location = useLocation();
  return <Navigate to={`${to}${location.search}`} replace />;
}
