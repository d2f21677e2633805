/**
 * The field catalogue: the 24 template columns in the order of SPEC §6, with what the template,
 * the validator and the configuration editor need to know about each.
 */

/** Template columns, in SPEC order. The order is the template's and the exports' column order. */
export const FIELD_NAMES = [
  'userName',
  'email',
  'firstName',
  'lastName',
  'middleName',
  'title',
  'department',
  'division',
  'costCenter',
  'phone',
  'location',
  'address1',
  'address2',
  'city',
  'state',
  'zip',
  'country',
  'locale',
  'timezone',
  'languageName',
  'manager',
  'active',
  'cField1',
  'cField2',
] as const;

/** One template column. */
export type FieldName = (typeof FIELD_NAMES)[number];

/**
 * The fields a user stores as text: every column but `active`, which is the user's `status`.
 * `manager` holds the manager's userName here; the store keeps it as a reference by id.
 */
export type TextField = Exclude<FieldName, 'active'>;

export const TEXT_FIELDS: readonly TextField[] = FIELD_NAMES.filter(
  (field): field is TextField => field !== 'active',
);

/** The conflict strategies of SPEC §4.4, as stored in a configuration. */
export const CONFLICT_STRATEGIES = [
  'use-source',
  'keep-destination',
  'ask',
  'update-if-empty',
  'force-value',
] as const;

export type ConflictStrategy = (typeof CONFLICT_STRATEGIES)[number];

/** Fields whose blank cell never clears a stored value (SPEC §4.4), and which take defaults. */
export const DEFAULTABLE_FIELDS = ['locale', 'timezone', 'languageName'] as const;
export type DefaultableField = (typeof DEFAULTABLE_FIELDS)[number];

/** What the product knows about one column. */
export interface FieldSpec {
  /** The column's name, as in the template header (matched case-insensitively). */
  readonly name: FieldName;
  /** A row without a value here is an Error; the column missing from the header refuses the file. */
  readonly required: boolean;
  /** One sentence for the template's header note and the configuration editor. */
  readonly description: string;
  /** The value in the template's italic sample row. */
  readonly sample: string;
  /** The conflict strategies this field may be given; empty for `userName` (the identity). */
  readonly strategies: readonly ConflictStrategy[];
}

const ALL_STRATEGIES = CONFLICT_STRATEGIES;

function field(
  name: FieldName,
  description: string,
  sample: string,
  options: { required?: boolean; strategies?: readonly ConflictStrategy[] } = {},
): FieldSpec {
  return {
    name,
    required: options.required ?? false,
    description,
    sample,
    strategies: options.strategies ?? ALL_STRATEGIES,
  };
}

/** The catalogue, in SPEC order. */
export const FIELDS: readonly FieldSpec[] = [
  field(
    'userName',
    'Unique login username. Identifies the user; a sync never renames it.',
    'jdoe',
    {
      required: true,
      strategies: [],
    },
  ),
  field('email', "User's email address, unique among all users.", 'jane.doe@example.com', {
    required: true,
    strategies: ALL_STRATEGIES.filter((strategy) => strategy !== 'force-value'),
  }),
  field('firstName', 'First name.', 'Jane', { required: true }),
  field('lastName', 'Last name.', 'Doe', { required: true }),
  field('middleName', 'Middle name or initial.', 'Q'),
  field('title', 'Job title.', 'Account Manager'),
  field('department', 'Department.', 'Sales'),
  field('division', 'Division.', 'North America'),
  field('costCenter', 'Cost center.', 'CC-1001'),
  field('phone', 'Phone number.', '+1 312 555 0100'),
  field('location', 'Office location.', 'Chicago HQ'),
  field('address1', 'Street address line 1.', '100 Main Street'),
  field('address2', 'Street address line 2.', 'Suite 400'),
  field('city', 'City.', 'Chicago'),
  field('state', 'State or province.', 'IL'),
  field('zip', 'Postal code.', '60601'),
  field('country', 'Country.', 'United States'),
  field('locale', 'Locale code (e.g. en-US). Falls back to the sync default if empty.', 'en-US'),
  field(
    'timezone',
    'Timezone name (e.g. America/Chicago). Falls back to the sync default if empty.',
    'America/Chicago',
  ),
  field(
    'languageName',
    'Display language (e.g. US English). Falls back to the sync default if empty.',
    'US English',
  ),
  field('manager', "Username of this user's manager, looked up by username.", 'msmith'),
  field(
    'active',
    'true or false. Sets the account status on import. Defaults to true if omitted.',
    'true',
  ),
  field('cField1', 'Custom field 1.', 'Badge 4411'),
  field('cField2', 'Custom field 2.', 'Parking B2'),
];

/** The catalogue by field name. */
export const FIELD_BY_NAME: ReadonlyMap<FieldName, FieldSpec> = new Map(
  FIELDS.map((spec) => [spec.name, spec]),
);

/** The required columns: userName, email, firstName, lastName. */
export const REQUIRED_FIELDS: readonly FieldName[] = FIELDS.filter((spec) => spec.required).map(
  (spec) => spec.name,
);

/** Longest value any field accepts (SPEC §4.1). */
export const MAX_FIELD_LENGTH = 255;

const FIELD_BY_HEADER: ReadonlyMap<string, FieldName> = new Map(
  FIELD_NAMES.map((name) => [name.toLowerCase(), name]),
);

/**
 * The field a header cell names, or null for an unknown column. Headers match case-insensitively
 * after trimming (SPEC §3).
 */
export function fieldForHeader(header: string): FieldName | null {
  return FIELD_BY_HEADER.get(header.trim().toLowerCase()) ?? null;
}

/** Whether `strategy` may be configured for `name` (Force value is not allowed for email, etc.). */
export function isStrategyAllowed(name: FieldName, strategy: ConflictStrategy): boolean {
  return FIELD_BY_NAME.get(name)?.strategies.includes(strategy) ?? false;
}
