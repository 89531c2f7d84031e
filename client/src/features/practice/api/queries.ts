import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';

export type VoiceSession = Schemas['VoiceSessionDto'];
export type VoiceSessionStarted = Schemas['VoiceSessionStartedDto'];
export type VoiceSessionEnded = Schemas['VoiceSessionEndedDto'];

export const VOICE_AI_FLAG = 'voice_ai_enabled';

/** Keys and fetchers of the practice page's platform voice option. */
export const voiceQueries = {
  /**
   * A voice session; while it is active it is polled (slowly: the live stream's voice.session.ended
   * refetches it at once), so an ending by the watchdog or an admin shows here too.
   */
  session: (id: string, pollMs = 10_000) =>
    queryOptions({
      queryKey: ['voice-sessions', 'detail', id] as const,
      queryFn: () => unwrap(api.GET('/api/voice/sessions/{id}', { params: { path: { id } } })),
      refetchInterval: (q) => (q.state.data?.status === 'active' ? pollMs : false),
    }),
};
