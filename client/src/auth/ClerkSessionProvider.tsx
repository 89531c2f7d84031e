import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ClerkProvider, getToken, useAuth, useClerk } from '@clerk/react';
import { setSession } from '../api/client';
import { SessionContext, type Session } from './session';
import { Loading } from '../components/States';

/** Sign-in through Clerk: the API takes Clerk's session token as the bearer token. */
export default function ClerkSessionProvider({ publishableKey, children }: { publishableKey: string; children: ReactNode }) {
  const navigate = useNavigate();
  return (
    <ClerkProvider
      publishableKey={publishableKey}
      routerPush={(to) => navigate(to)}
      routerReplace={(to) => navigate(to, { replace: true })}
      afterSignOutUrl="/sign-in"
    >
      <ClerkBridge>{children}</ClerkBridge>
    </ClerkProvider>
  );
}

function ClerkBridge({ children }: { children: ReactNode }) {
  const { isLoaded, isSignedIn } = useAuth();
  const clerk = useClerk();
  const queryClient = useQueryClient();
  // Installed before the first child renders (and again on remount): see LocalSessionProvider.
  const install = () => setSession(() => getToken(), null);
  useState(install);
  useEffect(() => {
    install();
    return () => setSession(null);
  });

  const value = useMemo<Session>(
    () => ({
      mode: 'clerk',
      status: isSignedIn ? 'signed-in' : 'signed-out',
      endedReason: null,
      signedOutByUser: false,
      signOut: () => {
        queryClient.clear();
        void clerk.signOut();
      },
    }),
    [isSignedIn, clerk, queryClient],
  );

  if (!isLoaded) return <Loading label="Connecting to sign-in…" />;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
