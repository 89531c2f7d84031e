import { useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { bearerToken } from '../api/client';
import { LiveConnection, RESYNC } from './liveStream';
import { LiveContext, LiveEvents, myFlagsKey } from './liveEvents';

/**
 * Opens the live stream once for the signed-in app and keeps it open (reconnecting as needed):
 * flag changes and resyncs refetch the member's flags at once, so screens follow without a
 * reload; every event also goes to useLiveEvent subscribers.
 */
export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [events] = useState(() => new LiveEvents());

  useEffect(() => {
    const refetchFlags = () => void queryClient.invalidateQueries({ queryKey: myFlagsKey });
    const unsubscribe = [events.subscribe('flag.changed', refetchFlags), events.subscribe(RESYNC, refetchFlags)];
    const connection = new LiveConnection({ token: bearerToken, onEvent: (e) => events.emit(e) }).start();
    return () => {
      connection.stop();
      for (const u of unsubscribe) u();
    };
  }, [events, queryClient]);

  return <LiveContext.Provider value={events}>{children}</LiveContext.Provider>;
}

/** Given events (a test's), instead of the stream. */
export function LiveEventsProvider({ events, children }: { events: LiveEvents; children: ReactNode }) {
  return <LiveContext.Provider value={events}>{children}</LiveContext.Provider>;
}
