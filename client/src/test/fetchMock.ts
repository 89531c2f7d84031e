import { vi } from 'vitest';

type Handler = (request: Request) => Response | Promise<Response>;

let handler: Handler = (request) => {
  throw new Error(`Unexpected request in test: ${request.method} ${request.url}`);
};

/** The API client captures fetch when it is created; this stand-in forwards to whatever the test installs. */
export function installFetchStub() {
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    return Promise.resolve(handler(request));
  });
}

export function respondWith(h: Handler) {
  handler = h;
}

export function json(body: unknown, status = 200, contentType = 'application/json') {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}

/** Routes by "METHOD /path" (query string ignored); unmatched requests fail the test. */
export function routes(table: Record<string, (request: Request) => Response | Promise<Response>>): Handler {
  return (request) => {
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname}`;
    const route = table[key];
    if (!route) throw new Error(`No test route for ${key}`);
    return route(request);
  };
}
