import { lazy, Suspense } from 'react';
import { Outlet } from 'react-router';
import { clerkKey, useClientConfig } from './config';
import { LocalSessionProvider } from './LocalSessionProvider';
import { ErrorState, Loading } from '../components/States';

const ClerkSessionProvider = lazy(() => import('./ClerkSessionProvider'));

/** Loads the client configuration and wraps the app in the session it calls for: Clerk, or local sign-in. */
export function AuthRoot() {
  const config = useClientConfig();
  if (config.isPending) return <Loading label="Starting…" />;
  if (config.isError)
    return (
      <main className="centered">
        <ErrorState error={config.error} title="Could not reach the API" onRetry={() => void config.refetch()} />
      </main>
    );

  const key = clerkKey(config.data.clerkPublishableKey);
  if (key) {
    return (
      <Suspense fallback={<Loading label="Connecting to sign-in…" />}>
        <ClerkSessionProvider publishableKey={key}>
          <Outlet />
        </ClerkSessionProvider>
      </Suspense>
    );
  }
  if (config.data.localMode) {
    return (
      <LocalSessionProvider>
        <Outlet />
      </LocalSessionProvider>
    );
  }
  return (
    <main className="centered">
      <div className="state state-error" role="alert">
        <strong>Sign-in is not configured</strong>
        <p>
          The API has no identity provider configured and does not run in local mode. Set NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY for Clerk
          sign-in, or run the API in Development for local sign-in.
        </p>
      </div>
    </main>
  );
}
