import type { ResultChange, ResultError } from './results-workbook-input.js';

/** How a blank value is shown in the Changes column, so "cleared" and "set" read clearly. */
export const BLANK_VALUE_LABEL = '(blank)';

function showValue(value: string): string {
  return value === '' ? BLANK_VALUE_LABEL : value;
}

/** "field: before → after", one line per change. */
export function formatChanges(changes: readonly ResultChange[]): string {
  return changes
    .map((change) => `${change.field}: ${showValue(change.from)} → ${showValue(change.to)}`)
    .join('\n');
}

/** "field: message", one line per error ("message" alone for an error of the whole row). */
export function formatErrors(errors: readonly ResultError[]): string {
  return errors
    .map((error) => (error.field === null ? error.message : `${error.field}: ${error.message}`))
    .join('\n');
}
