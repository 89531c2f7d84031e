import { useQuery } from '@tanstack/react-query';
import { sessionQueries } from './queries';

/** What the API says is configured: sign-in mode, Clerk and Vapi public keys, voice local mode. */
export function useClientConfig() {
  return useQuery(sessionQueries.config());
}

/** The Clerk publishable key: what the API serves, else one baked in at build time. */
export function clerkKey(fromApi: string | null | undefined): string | null {
  const env = import.meta.env as Record<string, string | undefined>;
  return fromApi || env.VITE_CLERK_PUBLISHABLE_KEY || env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY || null;
}
