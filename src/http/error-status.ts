/**
 * The one map from an AppError's code to its HTTP status (STYLE.md: errors). `invalid-input` is
 * 400 whether the request's schema or a use case's rule refused it (both name the fields in
 * `details`); 422 is kept for a file refused as a whole (`file-refused`, SPEC §3).
 */
import type { AppErrorCode } from '../runs/app-error.js';

/** The HTTP status of each AppError code. */
export function statusOf(code: AppErrorCode): number {
  switch (code) {
    case 'invalid-input':
      return 400;
    case 'file-refused':
      return 422;
    case 'not-found':
      return 404;
    case 'name-taken':
    case 'config-paused':
    case 'run-state':
    case 'open-conflicts':
    case 'seat-limit':
    case 'safeguard':
    case 'stale-plan':
    case 'apply-busy':
      return 409;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'payload-too-large':
      return 413;
    case 'unsupported-media-type':
      return 415;
    case 'rate-limited':
      return 429;
  }
}

/** The error code for a status Fastify (or a plugin) chose for a request it refused itself. */
export function codeOfStatus(status: number): AppErrorCode {
  switch (status) {
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 413:
      return 'payload-too-large';
    case 415:
      return 'unsupported-media-type';
    case 429:
      return 'rate-limited';
    default:
      return 'invalid-input';
  }
}
