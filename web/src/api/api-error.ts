/**
 * An error the API (or the network) gave, with a message a person can act on. The server's
 * `{ error: { code, message, details } }` is kept whole; `message` is what the screens show.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    /** The server's error code (`seat-limit`, `config-paused`, …), or a local one. */
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const FALLBACK_BY_STATUS: Record<number, string> = {
  400: 'The request was not accepted. Check the values you entered and try again.',
  401: 'You are signed out. Sign in again to continue.',
  403: 'You are not allowed to do this. Ask an administrator.',
  404: 'This no longer exists. It may have been deleted; go back and reload the list.',
  409: 'This conflicts with the current state. Reload the page and try again.',
  413: 'The file is too large. Split it or ask an administrator to raise the upload limit.',
  415: 'This kind of file is not accepted. Upload an .xlsx or .csv file.',
  422: 'The input was refused. Check the values you entered and try again.',
  429: 'Too many attempts. Wait a minute and try again.',
  500: 'The server failed. Try again; if it keeps happening, ask your operator to check the logs.',
  502: 'The server cannot be reached right now. Try again in a moment.',
  503: 'The server is not ready yet. Try again in a moment.',
};

/** Builds an ApiError from a response status and its parsed body (any shape). */
export function toApiError(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error: unknown = body.error;
    if (typeof error === 'object' && error !== null) {
      const code = 'code' in error && typeof error.code === 'string' ? error.code : 'error';
      const message =
        'message' in error && typeof error.message === 'string' && error.message !== ''
          ? error.message
          : fallbackMessage(status);
      const details =
        'details' in error && typeof error.details === 'object' && error.details !== null
          ? (error.details as Record<string, unknown>)
          : {};
      return new ApiError(status, code, withIssues(message, details), details);
    }
  }
  return new ApiError(status, `http-${status}`, fallbackMessage(status));
}

function fallbackMessage(status: number): string {
  return (
    FALLBACK_BY_STATUS[status] ??
    (status >= 500
      ? (FALLBACK_BY_STATUS[500] ?? '')
      : `The request failed (HTTP ${status}). Try again.`)
  );
}

/** Appends validation issues (`details.issues: [{path, message}]`) to the message, if any. */
function withIssues(message: string, details: Record<string, unknown>): string {
  const issues = details.issues;
  if (!Array.isArray(issues) || issues.length === 0) return message;
  const lines = issues.slice(0, 5).map((issue: unknown) => {
    if (typeof issue !== 'object' || issue === null) return String(issue);
    const path =
      'path' in issue && Array.isArray(issue.path) ? issue.path.map(String).join('.') : '';
    const text = 'message' in issue && typeof issue.message === 'string' ? issue.message : '';
    return path === '' ? text : `${path}: ${text}`;
  });
  const extra = lines.filter((line) => line !== '' && !message.includes(line));
  return extra.length === 0 ? message : `${message} (${extra.join('; ')})`;
}

/** The error shown when fetch itself failed: no response at all. */
export function networkError(): ApiError {
  return new ApiError(
    0,
    'network',
    'The server could not be reached. Check your connection, then try again.',
  );
}

/** A message for anything thrown: ApiError's own, else a generic one. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message !== '') return error.message;
  return 'Something went wrong. Try again.';
}
