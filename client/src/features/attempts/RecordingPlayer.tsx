import { forwardRef, useEffect, useMemo, useState } from 'react';
import { bearerToken } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import type { Attempt } from './api/queries';
import { transcriptToVtt } from './captions';

/**
 * Plays the attempt's recording. The API wants a bearer token, which an <audio src> cannot send,
 * so the file is fetched with it and played from a blob URL (which seeks freely).
 */
export const RecordingPlayer = forwardRef<HTMLAudioElement, { attempt: Attempt; traineeName: string }>(function RecordingPlayer({ attempt, traineeName }, ref) {
  const [url, setUrl] = useState<string | null>(null);
  const captions = useMemo(() => {
    if (attempt.transcript.length === 0) return null;
    return URL.createObjectURL(new Blob([transcriptToVtt(attempt.transcript, { user: traineeName, assistant: 'AI buyer' })], { type: 'text/vtt' }));
  }, [attempt.transcript, traineeName]);
  useEffect(() => () => (captions ? URL.revokeObjectURL(captions) : undefined), [captions]);
  const [error, setError] = useState<unknown>(null);
  const stored = attempt.recordingStatus === 'stored' && !!attempt.recordingUrl;

  useEffect(() => {
    if (!stored || !attempt.recordingUrl) return;
    const controller = new AbortController();
    let objectUrl: string | null = null;
    (async () => {
      try {
        const token = await bearerToken();
        const res = await fetch(attempt.recordingUrl!, {
          headers: token ? { Authorization: `Bearer ${token}` } : {},
          signal: controller.signal,
        });
        if (!res.ok) throw ApiError.fromResponse(res, await res.json().catch(() => null));
        objectUrl = URL.createObjectURL(await res.blob());
        setUrl(objectUrl);
      } catch (e) {
        if (!controller.signal.aborted) setError(e);
      }
    })();
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [stored, attempt.recordingUrl]);

  if (attempt.recordingStatus === 'none') return <p className="muted">This call has no recording.</p>;
  if (attempt.recordingStatus === 'pending')
    return (
      <p className="muted" role="status">
        The recording is being stored; it will appear here shortly.
      </p>
    );
  if (attempt.recordingStatus === 'failed') return <p className="notice notice-danger">The recording could not be stored.</p>;
  if (error)
    return (
      <p className="notice notice-danger" role="alert">
        Could not load the recording: {errorMessage(error)}
      </p>
    );
  if (!url)
    return (
      <p className="muted" role="status">
        Loading the recording…
      </p>
    );
  return (
    <audio ref={ref} className="player" controls preload="metadata" src={url} aria-label="Call recording">
      <track kind="captions" src={captions ?? undefined} srcLang="en" label="Transcript" default />
      Your browser cannot play this recording.
    </audio>
  );
});
