import { describe, expect, it } from 'vitest';
import { aFile, aPlanInput, aRow, aUser } from '../../test/builders/engine.js';
import { planRun } from './plan-run.js';
import type { SourceRow } from './source.js';
import type { DirectoryUser } from './directory.js';

function errorsOf(rows: SourceRow[], users: DirectoryUser[] = []) {
  const plan = planRun(aPlanInput({ file: aFile(rows), directory: { users } }));
  return plan.outcomes
    .filter((outcome) => outcome.row !== null)
    .map((outcome) => outcome.errors.map((error) => `${error.field ?? '-'}:${error.code}`));
}

describe('row validation (SPEC §4.1)', () => {
  it.each<[string, Partial<Record<string, string>>, string[]]>([
    ['userName is required', { userName: '  ' }, ['userName:required']],
    ['email is required', { email: '' }, ['email:required']],
    ['firstName is required', { firstName: '' }, ['firstName:required']],
    ['lastName is required', { lastName: '' }, ['lastName:required']],
    [
      'email must be local@domain with a dot in the domain',
      { email: 'ann@localhost' },
      ['email:invalid-email'],
    ],
    ['email must have no spaces', { email: 'ann smith@example.com' }, ['email:invalid-email']],
    [
      'email is at most 254 characters',
      { email: `${'a'.repeat(250)}@example.com` },
      ['email:too-long'],
    ],
    ['locale must be a BCP 47 tag', { locale: 'english please' }, ['locale:invalid-locale']],
    [
      'timezone must be an IANA zone the runtime knows',
      { timezone: 'Mars/Olympus' },
      ['timezone:invalid-timezone'],
    ],
    ['timezone offsets are not zone names', { timezone: '+01:00' }, ['timezone:invalid-timezone']],
    [
      'languageName must be in the catalogue',
      { languageName: 'Klingon' },
      ['languageName:invalid-language'],
    ],
    ['active must be true/false/yes/no/1/0', { active: 'maybe' }, ['active:invalid-active']],
    ['fields are at most 255 characters', { title: 'x'.repeat(256) }, ['title:too-long']],
  ])('%s', (_rule, values, expected) => {
    expect(errorsOf([aRow(2, 'ann', values)])).toEqual([expected]);
  });

  it('a row lists all of its errors, not only the first', () => {
    expect(errorsOf([aRow(2, 'ann', { email: 'bad', firstName: '', locale: '??' })])).toEqual([
      ['email:invalid-email', 'firstName:required', 'locale:invalid-locale'],
    ]);
  });

  it.each([
    ['locale', 'en-us', 'en-US'],
    ['locale', 'en_GB', 'en-GB'],
    ['timezone', 'america/chicago', 'America/Chicago'],
    ['languageName', 'us english', 'US English'],
  ])('%s %j is accepted and stored canonically as %j', (field, raw, canonical) => {
    const plan = planRun(aPlanInput({ file: aFile([aRow(2, 'ann', { [field]: raw })]) }));
    const create = plan.changes[0];
    expect(create?.kind === 'create' && create.fields[field as 'locale']).toBe(canonical);
  });

  it.each(['true', 'TRUE', 'yes', '1', ''])('active %j creates an active user', (active) => {
    const plan = planRun(aPlanInput({ file: aFile([aRow(2, 'ann', { active })]) }));
    expect(plan.changes[0]).toMatchObject({ kind: 'create', status: 'active' });
  });

  it.each(['false', 'No', '0'])('active %j creates an inactive user', (active) => {
    const plan = planRun(aPlanInput({ file: aFile([aRow(2, 'ann', { active })]) }));
    expect(plan.changes[0]).toMatchObject({ kind: 'create', status: 'inactive' });
  });

  it('every row whose userName appears more than once is an Error, compared case-insensitively after trimming', () => {
    expect(
      errorsOf([aRow(2, 'ann'), aRow(3, 'bob'), aRow(4, ' ANN ', { email: 'other@example.com' })]),
    ).toEqual([['userName:duplicate-username'], [], ['userName:duplicate-username']]);
  });

  it('userNames that differ only in Unicode normalisation are the same user', () => {
    const composed = 'Jos\u00e9';
    const decomposed = 'Jose\u0301';
    expect(
      errorsOf([
        aRow(2, composed, { email: 'a@example.com' }),
        aRow(3, decomposed, { email: 'b@example.com' }),
      ]),
    ).toEqual([['userName:duplicate-username'], ['userName:duplicate-username']]);
  });

  it('every row whose email appears more than once is an Error', () => {
    expect(
      errorsOf([
        aRow(2, 'ann', { email: 'same@example.com' }),
        aRow(3, 'bob', { email: 'SAME@example.com' }),
      ]),
    ).toEqual([['email:duplicate-email'], ['email:duplicate-email']]);
  });

  it('a row whose email belongs to a different existing user is an Error', () => {
    const errors = errorsOf([aRow(2, 'ann', { email: 'bob@example.com' })], [aUser('bob')]);
    expect(errors).toEqual([['email:email-taken']]);
  });

  it("a row keeping its own user's email is not an Error", () => {
    expect(errorsOf([aRow(2, 'Bob', { email: 'BOB@example.com' })], [aUser('bob')])).toEqual([[]]);
  });

  it('the manager must exist or be created by a valid row of the same file', () => {
    expect(
      errorsOf(
        [
          aRow(2, 'ann', { manager: 'boss' }),
          aRow(3, 'cat', { manager: 'ann' }),
          aRow(4, 'dan', { manager: 'ghost' }),
        ],
        [aUser('boss')],
      ),
    ).toEqual([[], [], ['manager:manager-not-found']]);
  });

  it('a manager created by a row that has errors does not exist, so rows they manage are Errors too', () => {
    expect(
      errorsOf([
        aRow(2, 'ann', { email: 'broken' }),
        aRow(3, 'bob', { manager: 'ann' }),
        aRow(4, 'cat', { manager: 'bob' }),
      ]),
    ).toEqual([
      ['email:invalid-email'],
      ['manager:manager-not-found'],
      ['manager:manager-not-found'],
    ]);
  });

  it('a user cannot be their own manager', () => {
    expect(errorsOf([aRow(2, 'ann', { manager: 'ANN' })])).toEqual([['manager:manager-self']]);
  });

  it('every row in a cycle of managers is an Error', () => {
    expect(
      errorsOf([
        aRow(2, 'ann', { manager: 'bob' }),
        aRow(3, 'bob', { manager: 'cat' }),
        aRow(4, 'cat', { manager: 'ann' }),
        aRow(5, 'dan', { manager: 'ann' }),
      ]),
    ).toEqual([
      ['manager:manager-cycle'],
      ['manager:manager-cycle'],
      ['manager:manager-cycle'],
      ['manager:manager-not-found'],
    ]);
  });

  it('a cycle through a manager stored in the directory is found', () => {
    const boss = aUser('boss', { fields: { manager: 'ann' } });
    expect(errorsOf([aRow(2, 'ann', { manager: 'boss' })], [aUser('ann'), boss])).toEqual([
      ['manager:manager-cycle'],
    ]);
  });

  it('the template sample row left in the file is an Error asking to delete it', () => {
    const sample = aRow(2, 'jdoe', {
      email: 'jane.doe@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
      title: 'Account Manager',
    });
    const plan = planRun(aPlanInput({ file: aFile([sample]) }));
    expect(plan.outcomes[0]?.errors[0]).toEqual({
      row: 2,
      field: null,
      code: 'template-sample',
      message: 'template sample row: delete it before uploading',
    });
  });

  it('a cell the reader could not read makes the row an Error for that field', () => {
    const row: SourceRow = {
      ...aRow(5, 'ann', { title: '' }),
      problems: [{ field: 'title', code: 'error-cell', message: 'title holds the error #N/A' }],
    };
    expect(errorsOf([row])).toEqual([['title:error-cell']]);
  });

  it('messages name the value and say how to fix it', () => {
    const plan = planRun(aPlanInput({ file: aFile([aRow(7, 'ann', { email: 'ann@@x' })]) }));
    expect(plan.outcomes[0]?.errors[0]).toMatchObject({
      row: 7,
      field: 'email',
      message: expect.stringContaining('"ann@@x" is not a valid address') as unknown,
    });
  });
});
