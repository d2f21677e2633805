/**
 * The plan: what a run would do (SPEC §4), computed by `planRun` without touching anything.
 * The preview shows it; applying carries out its `changes`.
 */
import type { FieldName, TextField } from './fields.js';
import type { AuthMethod, UserFields, UserStatus } from './directory.js';
import type { RowError } from './row-error.js';

/** The class of a row, or of a user missing from the file (SPEC §4.2). */
export type RowClass = 'new' | 'updated' | 'deactivated' | 'skipped' | 'error';

/** A field's value before and after the run ("" for blank; `active` as "true"/"false"). */
export interface FieldChange {
  readonly field: FieldName;
  readonly from: string;
  readonly to: string;
}

/** Which value an Ask-at-runtime conflict takes: the file's or the directory's. */
export type ConflictChoice = 'source' | 'destination';

/** One decision the administrator made in this run. A single decision beats a bulk one. */
export type Decision =
  | {
      readonly scope: 'one';
      readonly userName: string;
      readonly field: FieldName;
      readonly choice: ConflictChoice;
    }
  | { readonly scope: 'field'; readonly field: FieldName; readonly choice: ConflictChoice };

/** A decision saved on the configuration, keyed by (userName, field); used when no run decision applies. */
export interface RememberedDecision {
  readonly userName: string;
  readonly field: FieldName;
  readonly choice: ConflictChoice;
}

/** Where a conflict's decision came from. */
export type DecisionSource = 'one' | 'field' | 'remembered';

/** An Ask-at-runtime difference between the stored and the incoming value. */
export interface Conflict {
  readonly row: number;
  /** The user's stored userName. */
  readonly userName: string;
  readonly field: FieldName;
  /** The stored value. */
  readonly current: string;
  /** The file's value. */
  readonly incoming: string;
  /** The decision, or null while it is open. */
  readonly choice: ConflictChoice | null;
  readonly decidedBy: DecisionSource | null;
}

/** What the plan says of one row of the file, or (row null) of a user missing from it. */
export interface RowOutcome {
  /** The spreadsheet row number; null for a user missing from the file. */
  readonly row: number | null;
  /** The userName as written in the file (the stored one for users missing from it). */
  readonly userName: string;
  /** The email as written in the file, or stored for users missing from it. */
  readonly email: string;
  /** The id of the existing user, or null for a new user or an Error row of an unknown one. */
  readonly userId: string | null;
  readonly class: RowClass;
  /** Why the row has its class, in words; null when the changes say it all. */
  readonly reason: string | null;
  /** The fields (and status) the run changes, before → after. */
  readonly changes: readonly FieldChange[];
  readonly errors: readonly RowError[];
  /** Ask-at-runtime conflicts still open on this row. */
  readonly openConflicts: number;
}

/** Creates a user. */
export interface CreateUser {
  readonly kind: 'create';
  readonly row: number;
  /**
   * The new user's text fields. Often the validated row's own values object (see
   * `resolveNewUser`), so it may hold the row's `active` too: read the fields by name.
   */
  readonly fields: UserFields;
  readonly status: UserStatus;
  readonly authMethod: AuthMethod;
  /** Whether this user gets the welcome e-mail (SPEC §4.6). */
  readonly sendWelcome: boolean;
}

/** Changes fields and/or the status of an existing user. */
export interface UpdateUser {
  readonly kind: 'update';
  /** The file row, or null when a missing user is deactivated. */
  readonly row: number | null;
  readonly userId: string;
  readonly userName: string;
  /** The new values of the fields that change (`manager` as a userName). */
  readonly set: Readonly<Partial<Record<TextField, string>>>;
  /** The new status, when it changes. */
  readonly status: UserStatus | null;
}

/** One change to the directory. */
export type UserChange = CreateUser | UpdateUser;

/** Active seats before and after the run. */
export interface SeatProjection {
  readonly active: number;
  readonly after: number;
  readonly limit: number | null;
  /** The run would end above the limit with more active users than before (SPEC §4.6). */
  readonly exceeded: boolean;
}

/** The deactivation safeguard's verdict. */
export interface SafeguardVerdict {
  /** How many users missing from the file the run deactivates. */
  readonly deactivations: number;
  /** The most the configuration allows without an override, or null without a safeguard. */
  readonly limit: number | null;
  readonly exceeded: boolean;
  /** The administrator overrode the safeguard for this run. */
  readonly overridden: boolean;
}

/** A reason the plan cannot be applied as it is. */
export type ApplyBlocker =
  | { readonly kind: 'open-conflicts'; readonly count: number }
  | { readonly kind: 'seat-limit'; readonly after: number; readonly limit: number }
  | { readonly kind: 'safeguard'; readonly deactivations: number; readonly limit: number };

/** Rows per class. */
export interface ClassCounts {
  readonly new: number;
  readonly updated: number;
  readonly deactivated: number;
  readonly skipped: number;
  readonly error: number;
}

/** The result of planning a run. */
export interface Plan {
  /** One outcome per file row in file order, then one per user missing from the file. */
  readonly outcomes: readonly RowOutcome[];
  readonly counts: ClassCounts;
  /** Every Ask-at-runtime conflict, open or decided. */
  readonly conflicts: readonly Conflict[];
  /** The changes applying would make, in outcome order. */
  readonly changes: readonly UserChange[];
  readonly seats: SeatProjection;
  readonly safeguard: SafeguardVerdict;
  /** Whether welcome e-mails go out for this run (the run's toggle, else the configuration's). */
  readonly sendWelcomeEmail: boolean;
  /** The userNames of the users who would get a welcome e-mail. */
  readonly welcomeRecipients: readonly string[];
  /** The userNames that become the configuration's baseline when this run is applied. */
  readonly baseline: readonly string[];
  /** Why applying must wait; empty when it may go ahead. */
  readonly blockers: readonly ApplyBlocker[];
  /** A digest of what the plan would do, to tell whether a later plan does the same. */
  readonly fingerprint: string;
}
