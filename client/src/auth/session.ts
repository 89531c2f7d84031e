import { createContext, useContext } from 'react';

export type SessionStatus = 'signed-in' | 'signed-out';

export interface Session {
  mode: 'local' | 'clerk';
  status: SessionStatus;
  /** Why the last session ended, when it was not the user's doing. */
  endedReason: string | null;
  /** True after the user signed out themselves: the next sign-in starts afresh rather than where they were. */
  signedOutByUser: boolean;
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a session provider');
  return session;
}
