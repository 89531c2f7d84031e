import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { setSession } from '../api/client';
import { SessionContext, type Session } from './session';
import { localSession, useLocalSession } from './localSession';

export function LocalSessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const current = useLocalSession();
  const [endedReason, setEndedReason] = useState<string | null>(null);
  const [signedOutByUser, setSignedOutByUser] = useState(false);

  // The API client asks for the token on every request; install the source before the first
  // child renders (and again on remount), so no request goes out without it.
  const install = () =>
    setSession(
      async () => localSession.get()?.token ?? null,
      () => {
        localSession.set(null);
        queryClient.clear();
        setEndedReason('Your session has ended. Please sign in again.');
        setSignedOutByUser(false);
      },
    );
  useState(install);
  useEffect(() => {
    install();
    return () => setSession(null);
  });

  const value = useMemo<Session>(
    () => ({
      mode: 'local',
      status: current ? 'signed-in' : 'signed-out',
      endedReason: current ? null : endedReason,
      signedOutByUser: !current && signedOutByUser,
      signOut: () => {
        setEndedReason(null);
        setSignedOutByUser(true);
        localSession.set(null);
        queryClient.clear();
      },
    }),
    [current, endedReason, signedOutByUser, queryClient],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
