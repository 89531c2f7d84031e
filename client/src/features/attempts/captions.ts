import type { Schemas } from '../../api/client';

type Turn = Schemas['TranscriptTurnDto'];

function vttTime(ms: number): string {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const milli = t % 1000;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(milli, 3)}`;
}

/**
 * WebVTT captions for the recording, from the transcript. A turn without an end time lasts until
 * the next turn starts (the last one, four seconds), as the API's KPIs also assume.
 */
export function transcriptToVtt(turns: Turn[], names: { user: string; assistant: string }): string {
  const cues = turns.map((t, i) => {
    const next = turns[i + 1];
    const end = t.endMs ?? (next ? next.timestampMs : t.timestampMs + 4000);
    const speaker = t.role === 'user' ? names.user : names.assistant;
    const text = t.text.replace(/-->/g, '→').replace(/\r?\n/g, ' ');
    return `${i + 1}\n${vttTime(t.timestampMs)} --> ${vttTime(Math.max(end, t.timestampMs + 1))}\n<v ${speaker}>${text}`;
  });
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}
