import { describe, expect, it } from 'vitest';
import { EventStreamParser, LiveConnection, type LiveEvent } from './liveStream';

describe('EventStreamParser', () => {
  it('reads events cut anywhere across chunks, skipping comments', () => {
    const parser = new EventStreamParser();
    const text = 'event: ready\ndata: {"orgId":"o1"}\n\n: keep-alive\n\nevent: flag.changed\ndata: {"key":"voice_ai_enabled","value":false}\n\n';
    const events: LiveEvent[] = [];
    // One character at a time: every boundary is a chunk boundary somewhere.
    for (const ch of text) events.push(...parser.push(ch));
    expect(events).toEqual([
      { type: 'ready', data: { orgId: 'o1' } },
      { type: 'flag.changed', data: { key: 'voice_ai_enabled', value: false } },
    ]);
  });

  it('accepts CRLF and CR line ends, fields without the space, multi-line data and a default type', () => {
    const parser = new EventStreamParser();
    // The blank line's \r\n is cut in two by the chunks: one blank line, one event.
    expect(parser.push('event:resync\r\ndata:{}\r\n\r')).toEqual([{ type: 'resync', data: {} }]);
    expect(parser.push('\ndata: first\rdata: second\r\r')).toEqual([{ type: 'message', data: 'first\nsecond' }]);
  });

  it('ignores an event with no data and unknown fields', () => {
    const parser = new EventStreamParser();
    expect(parser.push('event: lonely\n\nid: 7\nretry: 100\nevent: x\ndata: 1\n\n')).toEqual([{ type: 'x', data: 1 }]);
  });
});

/** A fetch that answers each call with the next script: chunks of an event stream that then ends, or a status. */
function scriptedFetch(scripts: (string[] | number)[]) {
  const calls: { url: string; auth: string | null }[] = [];
  const fetchStub = (async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), auth: new Headers(init?.headers).get('Authorization') });
    const script = scripts.shift();
    if (script === undefined) return new Promise<Response>(() => undefined); // stays open
    if (typeof script === 'number') return new Response('no', { status: script });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of script) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  }) as typeof fetch;
  return { fetchStub, calls };
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe('LiveConnection', () => {
  it('sends the bearer token, reconnects after the stream ends or is refused, and reports a resync once back', async () => {
    const { fetchStub, calls } = scriptedFetch([
      ['event: ready\ndata: {}\n\nevent: flag.', 'changed\ndata: {"key":"a"}\n\n'],
      503,
      ['event: ready\ndata: {}\n\n'],
    ]);
    const events: string[] = [];
    const pauses: number[] = [];
    const connection = new LiveConnection({
      token: async () => 'tok',
      onEvent: (e) => events.push(e.type),
      fetch: fetchStub,
      backoffMs: (attempt) => {
        pauses.push(attempt);
        return 1;
      },
    }).start();
    try {
      // The last stream ends too: a fourth connection is opened (and stays open).
      await until(() => events.length === 4 && calls.length === 4);
      expect(events).toEqual(['ready', 'flag.changed', 'resync', 'ready']);
      expect(calls.map((c) => c.auth)).toEqual(['Bearer tok', 'Bearer tok', 'Bearer tok', 'Bearer tok']);
      expect(calls[0]?.url).toBe('/api/flags/stream');
      // The pause grows while it fails and starts again after a good connection.
      expect(pauses).toEqual([0, 1, 0]);
    } finally {
      connection.stop();
    }
  });

  it('waits for a session before connecting', async () => {
    const { fetchStub, calls } = scriptedFetch([['event: ready\ndata: {}\n\n']]);
    let token: string | null = null;
    const events: string[] = [];
    const connection = new LiveConnection({ token: async () => token, onEvent: (e) => events.push(e.type), fetch: fetchStub, backoffMs: () => 5 }).start();
    try {
      await new Promise((r) => setTimeout(r, 30));
      expect(calls).toHaveLength(0);
      token = 'later';
      await until(() => events.includes('ready'));
      expect(calls[0]?.auth).toBe('Bearer later');
    } finally {
      connection.stop();
    }
  });
});
