/**
 * The API's live stream (GET /api/flags/stream, Server-Sent Events) read with fetch, since it needs
 * the bearer token and EventSource cannot send one. The parser takes the body as it arrives, in
 * chunks cut anywhere; the connection reconnects with a growing pause and, when it is back, reports
 * a `resync` (updates may have been missed meanwhile).
 */

export interface LiveEvent {
  type: string;
  data: unknown;
}

/** Incremental text/event-stream parser: push chunks, get the complete events they finish. */
export class EventStreamParser {
  private buffer = '';
  private type = '';
  private data: string[] = [];

  private afterCr = false;

  push(chunk: string): LiveEvent[] {
    // A chunk that ended in \r may have cut a \r\n in two: its \n is not another line end.
    if (this.afterCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.afterCr = false;
    this.buffer += chunk;
    const events: LiveEvent[] = [];
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      if (end < 0) break;
      const line = this.buffer.slice(0, end);
      const crlf = this.buffer.startsWith('\r\n', end);
      if (!crlf && this.buffer[end] === '\r' && end === this.buffer.length - 1) this.afterCr = true;
      this.buffer = this.buffer.slice(crlf ? end + 2 : end + 1);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): LiveEvent | null {
    if (line === '') {
      const done = this.data.length > 0 ? { type: this.type || 'message', data: parseData(this.data.join('\n')) } : null;
      this.type = '';
      this.data = [];
      return done;
    }
    if (line.startsWith(':')) return null; // a comment: the server's keep-alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data.push(value);
    return null;
  }
}

function parseData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface LiveConnectionOptions {
  url?: string;
  token: () => Promise<string | null>;
  onEvent: (event: LiveEvent) => void;
  /** Pause before the n-th reconnection (0-based); by default 1 s doubling to 30 s, with jitter. */
  backoffMs?: (attempt: number) => number;
  fetch?: typeof fetch;
}

export const RESYNC = 'resync';

const defaultBackoff = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt) * (0.75 + Math.random() * 0.5);

/** One long-lived stream for the signed-in app; `stop()` ends it for good. */
export class LiveConnection {
  private readonly abort = new AbortController();
  private connectedBefore = false;
  private failures = 0;

  constructor(private readonly options: LiveConnectionOptions) {}

  start(): this {
    void this.run();
    return this;
  }

  stop() {
    this.abort.abort();
  }

  private get stopped() {
    return this.abort.signal.aborted;
  }

  private async run() {
    while (!this.stopped) {
      try {
        await this.readOnce();
      } catch {
        // A dropped connection, a network error or a refused request: try again after a pause.
      }
      if (this.stopped) return;
      const pause = (this.options.backoffMs ?? defaultBackoff)(this.failures++);
      await new Promise<void>((resolve) => {
        const id = setTimeout(resolve, pause);
        this.abort.signal.addEventListener('abort', () => {
          clearTimeout(id);
          resolve();
        }, { once: true });
      });
    }
  }

  private async readOnce() {
    const token = await this.options.token();
    if (!token) throw new Error('not signed in');
    const response = await (this.options.fetch ?? fetch)(this.options.url ?? '/api/flags/stream', {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
      signal: this.abort.signal,
      cache: 'no-store',
    });
    if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new EventStreamParser();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        for (const event of parser.push(value)) this.dispatch(event);
      }
    } finally {
      void reader.cancel().catch(() => undefined);
    }
  }

  private dispatch(event: LiveEvent) {
    if (event.type === 'ready') {
      this.failures = 0;
      // Back after a break: whatever changed meanwhile was not heard.
      if (this.connectedBefore) this.options.onEvent({ type: RESYNC, data: {} });
      this.connectedBefore = true;
    }
    this.options.onEvent(event);
  }
}
