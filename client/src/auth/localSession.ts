import { useSyncExternalStore } from 'react';

/** The local-mode session (a token from POST /api/dev/token), kept in localStorage across reloads. */
export interface LocalSession {
  token: string;
  expiresAt: string;
  email: string;
}

const KEY = 'vt.localSession';
const listeners = new Set<() => void>();
let cached: LocalSession | null | undefined;

function read(): LocalSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as LocalSession;
    if (!value.token || new Date(value.expiresAt).getTime() <= Date.now()) return null;
    return value;
  } catch {
    return null;
  }
}

export const localSession = {
  get(): LocalSession | null {
    if (cached === undefined) cached = read();
    if (cached && new Date(cached.expiresAt).getTime() <= Date.now()) cached = null;
    return cached;
  },
  set(value: LocalSession | null) {
    cached = value;
    try {
      if (value) localStorage.setItem(KEY, JSON.stringify(value));
      else localStorage.removeItem(KEY);
    } catch {
      // Storage may be unavailable (private mode): the session then lasts for this page only.
    }
    listeners.forEach((l) => l());
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    const onStorage = (e: StorageEvent) => {
      if (e.key === KEY) {
        cached = undefined;
        listener();
      }
    };
    window.addEventListener('storage', onStorage);
    return () => {
      listeners.delete(listener);
      window.removeEventListener('storage', onStorage);
    };
  },
};

export function useLocalSession() {
  return useSyncExternalStore(localSession.subscribe, localSession.get, () => null);
}
