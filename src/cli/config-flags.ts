/**
 * The flags of `config create` and `config edit`, turned into a configuration document (the
 * format of `--file`, SPEC §2). Flags override the document they start from.
 */
import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { AppError } from '../runs/app-error.js';

/** The parsed flags. */
export interface ConfigFlags {
  readonly file?: string;
  readonly name?: string;
  readonly newUsers?: string;
  readonly inactiveUsers?: string;
  readonly removedUsers?: string;
  readonly conflictDefault?: string;
  readonly fieldRule?: readonly string[];
  readonly locale?: string;
  readonly timezone?: string;
  readonly language?: string;
  readonly welcomeEmail?: boolean;
  readonly deactivationLimit?: string;
}

const collect = (value: string, previous: readonly string[] = []) => [...previous, value];

/** Adds the configuration flags to a command. */
export function withConfigFlags(command: Command): Command {
  return command
    .option('--file <config.json>', 'read the whole configuration from a JSON document')
    .option('--name <name>', 'the configuration name (1–100 characters)')
    .addOption(new Option('--new-users <rule>', 'new users').choices(['create', 'skip']))
    .addOption(
      new Option('--inactive-users <rule>', 'inactive users').choices([
        'activate',
        'skip',
        'update-only',
      ]),
    )
    .addOption(
      new Option('--removed-users <rule>', 'users removed from the file').choices([
        'deactivate',
        'ignore',
        'no-action',
      ]),
    )
    .addOption(
      new Option('--conflict-default <strategy>', 'the default conflict strategy').choices([
        'use-source',
        'keep-destination',
        'ask',
        'update-if-empty',
      ]),
    )
    .option(
      '--field-rule <field=strategy[:value]>',
      'a per-field conflict rule, e.g. title=keep-destination or department=force-value:Sales (repeatable)',
      collect,
    )
    .option('--locale <code>', 'default locale, e.g. en-US')
    .option('--timezone <zone>', 'default time zone, e.g. America/Chicago')
    .option('--language <name>', 'default display language, e.g. "US English"')
    .option('--welcome-email', 'send welcome e-mails to new users by default')
    .option('--no-welcome-email', 'do not send welcome e-mails by default')
    .option(
      '--deactivation-limit <N|N%|none>',
      'the deactivation safeguard: a count, a percentage, or none',
    );
}

function fieldRule(text: string): [string, unknown] {
  const [field = '', rest = ''] = text.split(/=(.*)/s);
  const [strategy = '', ...value] = rest.split(':');
  if (strategy === 'force-value') return [field.trim(), { strategy, value: value.join(':') }];
  return [field.trim(), strategy.trim()];
}

function deactivationLimit(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === 'none') return null;
  if (trimmed.endsWith('%')) return { percent: Number(trimmed.slice(0, -1)) };
  return { count: Number(trimmed) };
}

type Document = Record<string, unknown>;

async function readDocument(path: string): Promise<Document> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new AppError('invalid-input', `cannot read ${path} (${code})`);
  }
  try {
    return objectOf(JSON.parse(text));
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'not JSON';
    throw new AppError('invalid-input', `${path} is not a JSON document: ${reason}`);
  }
}

const objectOf = (value: unknown): Document =>
  typeof value === 'object' && value !== null ? { ...(value as Document) } : {};

/**
 * The document the flags describe, starting from `base` (the stored document when editing),
 * or from `--file`. Validation is the use case's: this only arranges what was given.
 */
export async function documentFromFlags(
  flags: ConfigFlags,
  base: Document = {},
): Promise<Document> {
  const document: Document =
    flags.file === undefined ? { ...base } : await readDocument(flags.file);
  if (flags.name !== undefined) document.name = flags.name;
  if (flags.newUsers !== undefined) document.newUsers = flags.newUsers;
  if (flags.inactiveUsers !== undefined) document.inactiveUsers = flags.inactiveUsers;
  if (flags.removedUsers !== undefined) document.removedUsers = flags.removedUsers;
  if (flags.welcomeEmail !== undefined) document.sendWelcomeEmail = flags.welcomeEmail;
  if (flags.deactivationLimit !== undefined) {
    document.deactivationLimit = deactivationLimit(flags.deactivationLimit);
  }
  if (flags.conflictDefault !== undefined || flags.fieldRule !== undefined) {
    const conflicts = objectOf(document.conflicts);
    if (flags.conflictDefault !== undefined) conflicts.default = flags.conflictDefault;
    const fields = objectOf(conflicts.fields);
    for (const rule of flags.fieldRule ?? []) {
      const [field, value] = fieldRule(rule);
      fields[field] = value;
    }
    conflicts.fields = fields;
    document.conflicts = conflicts;
  }
  if (flags.locale !== undefined || flags.timezone !== undefined || flags.language !== undefined) {
    const defaults = objectOf(document.defaults);
    if (flags.locale !== undefined) defaults.locale = flags.locale;
    if (flags.timezone !== undefined) defaults.timezone = flags.timezone;
    if (flags.language !== undefined) defaults.languageName = flags.language;
    document.defaults = defaults;
  }
  return document;
}
