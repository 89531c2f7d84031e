import type { components } from './schema';

type ProblemDetails = components['schemas']['ProblemDetails'];

/** A failed API call, carrying the RFC 9457 problem details the API answered with. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails | null;
  /** Field errors of a validation problem, keyed by the field path the API names ("title", "rubric[0].weight"). */
  readonly fieldErrors: Record<string, string[]>;

  constructor(status: number, message: string, problem: ProblemDetails | null = null, fieldErrors: Record<string, string[]> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.fieldErrors = fieldErrors;
  }

  static fromResponse(response: Response, body: unknown): ApiError {
    const problem = isProblem(body) ? body : null;
    const fieldErrors = problem && isErrorMap(problem.errors) ? problem.errors : {};
    return new ApiError(response.status, problemMessage(response.status, problem), problem, fieldErrors);
  }

  static network(cause: unknown): ApiError {
    const error = new ApiError(0, 'Could not reach the server. Check your connection and try again.');
    (error as { cause?: unknown }).cause = cause;
    return error;
  }

  get hasFieldErrors() {
    return Object.keys(this.fieldErrors).length > 0;
  }
}

function isProblem(body: unknown): body is ProblemDetails {
  return typeof body === 'object' && body !== null && ('title' in body || 'detail' in body || 'status' in body);
}

function isErrorMap(value: unknown): value is Record<string, string[]> {
  return typeof value === 'object' && value !== null && Object.values(value).every(Array.isArray);
}

function problemMessage(status: number, problem: ProblemDetails | null): string {
  if (problem?.detail) return problem.detail;
  if (problem?.title) return problem.title;
  switch (status) {
    case 401:
      return 'Your session has ended. Please sign in again.';
    case 403:
      return 'You do not have access to this.';
    case 404:
      return 'Not found.';
    default:
      return status >= 500 ? 'The server had a problem. Please try again.' : `The request failed (${status}).`;
  }
}

/** The message to show for any error a query or mutation threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  return error instanceof ApiError ? error.fieldErrors : {};
}

/** A refusal because of the organization's plan (403, type urn:problem-type:plan-limit). */
export interface PlanLimit {
  /** Which limit: seats, published_scenarios, voice_minutes, a feature such as webhooks or api_access, or past_due. */
  limit: string;
  allowed: number | null;
  used: number | null;
  message: string;
}

export const PLAN_LIMIT_TYPE = 'urn:problem-type:plan-limit';

export function planLimitOf(error: unknown): PlanLimit | null {
  if (!(error instanceof ApiError) || error.problem?.type !== PLAN_LIMIT_TYPE) return null;
  const p = error.problem as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return { limit: typeof p.limit === 'string' ? p.limit : 'plan', allowed: num(p.allowed), used: num(p.used), message: error.message };
}

const limitLabels: Record<string, string> = {
  seats: 'Seats',
  published_scenarios: 'Published scenarios',
  voice_minutes: 'Voice minutes this period',
};

/** "Seats: 10 of 10 used." for a counted limit; null for a feature the plan lacks. */
export function describeLimitUsage(limit: PlanLimit): string | null {
  if (limit.allowed == null) return null;
  const label = limitLabels[limit.limit] ?? limit.limit.replace(/_/g, ' ');
  return `${label}: ${limit.used ?? limit.allowed} of ${limit.allowed} used.`;
}

/** The API answers 503 when a provider the call needs (Stripe) is not configured on this installation. */
export function isNotConfigured(error: unknown): boolean {
  return error instanceof ApiError && error.status === 503;
}
