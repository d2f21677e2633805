/**
 * The fetch wrapper every screen uses: same-origin cookies, the CSRF header on mutations, JSON
 * in and out, and errors as ApiError with a message a person can act on.
 */
import { ApiError, networkError, toApiError } from './api-error.ts';

let csrfToken: string | null = null;
let onSignedOut: (() => void) | null = null;

/** Remembers the CSRF token the session response gave (null when signed out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token of the current session, for requests made outside `api` (uploads). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Called when an authenticated request answers 401, so the app can show the sign-in page. */
export function setSignedOutHandler(handler: (() => void) | null): void {
  onSignedOut = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  body?: unknown;
  /** Don't treat 401 as "the session ended" (sign-in, setup, session probe). */
  allowUnauthenticated?: boolean;
  signal?: AbortSignal;
}

/** Sends a request and parses the JSON answer (undefined for 204). */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError();
  }
  return parseResponse<T>(response, options.allowUnauthenticated === true);
}

/** Turns a Response into its JSON body, or throws an ApiError. */
export async function parseResponse<T>(response: Response, allowUnauthenticated = false) {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = undefined;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !allowUnauthenticated) onSignedOut?.();
    throw toApiError(response.status, body);
  }
  return body as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T = undefined>(path: string) => request<T>('DELETE', path),
};

/** Builds a query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export { ApiError };
