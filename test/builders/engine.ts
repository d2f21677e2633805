/**
 * Builders for engine test data: a user, a configuration, a file row, a plan input. Each takes
 * only what a test cares about and fills the rest with plain valid values.
 */
import {
  SyncConfigSchema,
  type SyncConfig,
  type SyncConfigInput,
} from '../../src/engine/config.js';
import {
  blankUserFields,
  type DirectoryUser,
  type UserFields,
} from '../../src/engine/directory.js';
import type { FieldName } from '../../src/engine/fields.js';
import type { PlanInput } from '../../src/engine/plan-input.js';
import type { SourceFile, SourceRow } from '../../src/engine/source.js';

/** A directory user; `userName` also derives the id and the email unless given. */
export function aUser(
  userName: string,
  overrides: Partial<Omit<DirectoryUser, 'fields'>> & { fields?: Partial<UserFields> } = {},
): DirectoryUser {
  const fields = {
    ...blankUserFields(),
    userName,
    email: `${userName.toLowerCase()}@example.com`,
    firstName: 'First',
    lastName: 'Last',
    ...overrides.fields,
  };
  return {
    id: overrides.id ?? `id-${userName.toLowerCase()}`,
    status: overrides.status ?? 'active',
    authMethod: overrides.authMethod ?? 'password',
    role: overrides.role ?? 'user',
    fields,
  };
}

/** A parsed configuration; omitted keys take the schema's defaults. */
export function aConfig(overrides: Partial<SyncConfigInput> = {}): SyncConfig {
  return SyncConfigSchema.parse({ name: 'Test sync', ...overrides });
}

type RowValues = Partial<Record<FieldName, string>>;

/**
 * A file row for `userName` with the required columns filled (email derived from userName, the
 * same as `aUser`'s) and `values` on top. A value of `undefined` removes that column's value.
 */
export function aRow(row: number, userName: string, values: RowValues = {}): SourceRow {
  return {
    row,
    values: {
      userName,
      email: `${userName.toLowerCase()}@example.com`,
      firstName: 'First',
      lastName: 'Last',
      ...values,
    },
    problems: [],
  };
}

/** A file of `rows` whose columns are every field any row has a value for, plus `extraColumns`. */
export function aFile(
  rows: readonly SourceRow[],
  extraColumns: readonly FieldName[] = [],
): SourceFile {
  const columns = new Set<FieldName>(extraColumns);
  for (const row of rows)
    for (const field of Object.keys(row.values)) columns.add(field as FieldName);
  // Every row has every column of the file, as a spreadsheet row does (blank cells as "").
  const complete = rows.map((row) => {
    const values: RowValues = {};
    for (const column of columns) values[column] = row.values[column] ?? '';
    return { ...row, values };
  });
  return { columns, rows: complete };
}

/** A plan input with a first-run baseline, no decisions, no seat limit and no actor. */
export function aPlanInput(overrides: Partial<PlanInput> & Pick<PlanInput, 'file'>): PlanInput {
  return {
    directory: { users: [] },
    config: aConfig(),
    baseline: null,
    decisions: [],
    remembered: [],
    settings: { ssoDomains: [], seatLimit: null },
    actorId: null,
    sendWelcomeEmail: null,
    overrideSafeguard: false,
    ...overrides,
  };
}
