/**
 * The one error the use cases throw for an expected refusal. Its message is safe to show to a
 * person as is; the HTTP layer maps each code to a status, the command line to exit code 1.
 */

/** Why a use case refused. */
export type AppErrorCode =
  /** The input is malformed or breaks a rule (a configuration document, a decision). */
  | 'invalid-input'
  /** The uploaded file was refused as a whole (format, limits, header). */
  | 'file-refused'
  /** The named thing does not exist. */
  | 'not-found'
  /** A configuration name is taken. */
  | 'name-taken'
  /** The configuration is paused: it cannot be previewed or run. */
  | 'config-paused'
  /** The run is not in a state that allows this (e.g. applying an applied run). */
  | 'run-state'
  /** Conflicts still wait for a decision. */
  | 'open-conflicts'
  /** Applying would end above the seat limit. */
  | 'seat-limit'
  /** Applying would deactivate more users than the safeguard allows. */
  | 'safeguard'
  /** The directory changed since the preview. */
  | 'stale-plan'
  /** Another run is being applied and did not finish in time. */
  | 'apply-busy'
  /** Signing in failed, or the caller is not signed in. */
  | 'unauthenticated'
  /** The caller may not do this. */
  | 'forbidden'
  /** The upload is larger than the configured limit (HTTP 413). */
  | 'payload-too-large'
  /** The upload is not a kind of file usersync reads (HTTP 415). */
  | 'unsupported-media-type'
  /** Too many attempts: wait before trying again (HTTP 429; `details.retryAfterSeconds`). */
  | 'rate-limited';

/** An expected refusal with a message a person can act on. */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Structured facts for API clients (e.g. the row that differs, the open conflicts). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
