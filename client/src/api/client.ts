import createClient, { type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema';
import { ApiError } from './errors';

/** Every schema of openapi.yaml, generated: `Schemas['ScenarioDto']` and so on. */
export type Schemas = components['schemas'];

/** The query parameters of an operation, by its operationId. */
export type QueryOf<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

type TokenSource = () => Promise<string | null>;

let tokenSource: TokenSource | null = null;
let onUnauthorized: (() => void) | null = null;

/** The signed-in session installs how to get a bearer token and what to do when it is rejected. */
export function setSession(source: TokenSource | null, unauthorized: (() => void) | null = null) {
  tokenSource = source;
  onUnauthorized = unauthorized;
}

export async function bearerToken(): Promise<string | null> {
  return tokenSource ? tokenSource() : null;
}

const auth: Middleware = {
  async onRequest({ request }) {
    const token = await bearerToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    // Only endpoints that need a session answer 401 (the anonymous ones never do): it has ended.
    if (response.status === 401) onUnauthorized?.();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '' });
api.use(auth);

type Result<D> = { data?: D; error?: unknown; response: Response };

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError built from the problem details. */
export async function unwrap<D>(call: Promise<Result<D>>): Promise<D> {
  let result: Result<D>;
  try {
    result = await call;
  } catch (e) {
    throw ApiError.network(e);
  }
  if (!result.response.ok) throw ApiError.fromResponse(result.response, result.error);
  return result.data as D;
}
