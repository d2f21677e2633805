/**
 * The store's one error for expected refusals. The runs layer maps each code to its own
 * `AppError` (store/ may not import runs/); anything else the store throws is a bug or an
 * infrastructure failure.
 */

/** Why the store refused. */
export type StoreErrorCode =
  /** Another apply holds the apply lock and did not finish within the bounded wait. */
  | 'apply-busy'
  /** A configuration cannot be deleted while one of its runs is applying. */
  | 'config-applying'
  /** A configuration name is taken (names are compared case-insensitively). */
  | 'name-taken'
  /** A userName or email is taken by another user (compared by identity key). */
  | 'user-taken'
  /** The named record does not exist. */
  | 'not-found'
  /** The run is not in the status the operation needs. */
  | 'run-state';

/** An expected refusal from the store, with a message safe to show. */
export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    /** What kind of refusal this is. */
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}
