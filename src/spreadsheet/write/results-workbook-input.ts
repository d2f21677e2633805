/**
 * What the results workbook (SPEC §5) is made of. These types belong to the writer on purpose:
 * the runs layer maps its plan and run records to them, so the export does not change when the
 * engine's Plan does.
 */

/** The status of a run, as its history shows it (SPEC §5). */
export type ResultsRunStatus = 'previewed' | 'applied' | 'failed' | 'cancelled';

/** The class of one result row (SPEC §4.2). */
export type ResultClass = 'new' | 'updated' | 'deactivated' | 'skipped' | 'error';

/** How many rows (and missing users) each class has, and the e-mails the run queued. */
export interface ResultCounts {
  /** Users created by the run. */
  readonly new: number;
  /** Existing users whose fields or status changed. */
  readonly updated: number;
  /** Users missing from the file that the run deactivates. */
  readonly deactivated: number;
  /** Rows and missing users left as they were; each has a reason. */
  readonly skipped: number;
  /** Rows that failed validation; nothing of them was imported. */
  readonly error: number;
}

/** The Summary sheet: which run this is and what it did. */
export interface ResultsSummary {
  /** The sync configuration's name. */
  readonly configurationName: string;
  /** The run's id, so the export can be matched to its history entry. */
  readonly runId: string;
  /** The uploaded file's name, as the administrator chose it. */
  readonly fileName: string;
  /** Who previewed or applied the run (the administrator's userName or e-mail). */
  readonly runBy: string;
  /** When the run was previewed or applied, as an ISO 8601 string (written as given). */
  readonly runAt: string;
  /** The run's status when the export was made. */
  readonly status: ResultsRunStatus;
  /** Counts per class. */
  readonly counts: ResultCounts;
  /** Welcome e-mails queued by the run (0 for a preview). */
  readonly emailsQueued: number;
}

/** One field that the run changes (or changed) for a user. Blank values are "". */
export interface ResultChange {
  /** The field's name, as in the template header. */
  readonly field: string;
  /** The stored value before the run. */
  readonly from: string;
  /** The value after the run. */
  readonly to: string;
}

/** One validation error of a row (SPEC §4.1). */
export interface ResultError {
  /** The field the error is about, or null for an error of the whole row. */
  readonly field: string | null;
  /** A stable code for programs. */
  readonly code: string;
  /** The message an administrator reads. */
  readonly message: string;
}

/** One line of the Rows sheet: a file row, or a user missing from the file. */
export interface ResultRow {
  /** The spreadsheet's own row number (1-based, header included); null for a missing user. */
  readonly row: number | null;
  /** The userName as the file (or, for a missing user, the directory) spells it. */
  readonly userName: string;
  /** The e-mail address, as in the file or the directory. */
  readonly email: string;
  /** What the run does with this row. */
  readonly class: ResultClass;
  /** Why (always set for Skipped; e.g. "awaiting decision", "missing from file — ignored"). */
  readonly reason: string | null;
  /** The fields that change, before and after. */
  readonly changes: readonly ResultChange[];
  /** Every validation error of the row (Error rows only). */
  readonly errors: readonly ResultError[];
}

/** One line of the Deactivated sheet. */
export interface DeactivatedUser {
  /** The user's userName, as stored. */
  readonly userName: string;
  /** The user's e-mail address, as stored. */
  readonly email: string;
  /** Why the user is deactivated (e.g. "missing from file"), or null. */
  readonly reason: string | null;
}

/** A source of items that may come from a database cursor (async) or an array (sync). */
export type ItemSource<T> = AsyncIterable<T> | Iterable<T>;

/** Everything the results workbook is written from. */
export interface ResultsWorkbookInput {
  /** The Summary sheet. */
  readonly summary: ResultsSummary;
  /** The Rows sheet, in the order to show (file order, then missing users). Read once. */
  readonly rows: ItemSource<ResultRow>;
  /** The Deactivated sheet. Read once, after `rows`. */
  readonly deactivated: ItemSource<DeactivatedUser>;
  /** Called now and then with the number of rows written so far (for a progress bar). */
  readonly onProgress?: (rowsWritten: number) => void;
}
