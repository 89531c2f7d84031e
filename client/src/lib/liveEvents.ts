import { createContext, useContext, useEffect, useRef } from 'react';
import type { LiveEvent } from './liveStream';

type Listener = (data: unknown) => void;

/** The live stream's events, by type, for whoever subscribes. */
export class LiveEvents {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(type: string, listener: Listener): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit(event: LiveEvent) {
    for (const listener of [...(this.listeners.get(event.type) ?? [])]) listener(event.data);
  }
}

export const LiveContext = createContext<LiveEvents | null>(null);

/** The signed-in member's flags are cached under this key; a flag change or a resync refetches them. */
export const myFlagsKey = ['flags', 'me'] as const;

/** Calls `handler` with each live event of `type` (outside the live provider, never). The latest handler is used. */
export function useLiveEvent<T = unknown>(type: string, handler: (data: T) => void) {
  const events = useContext(LiveContext);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!events) return;
    return events.subscribe(type, (data) => latest.current(data as T));
  }, [events, type]);
}

/** What the stream sends for a live practice call's new turn (the API's transcript.update). */
export interface TranscriptUpdateEvent {
  attemptId: string;
  index: number;
  role: string;
  text: string;
  timestampMs: number;
}

/** What the stream sends when a practice call failed (the API's call.failed). */
export interface CallFailedEvent {
  attemptId: string;
  scenarioId: string;
  reason: string | null;
  message: string;
}
