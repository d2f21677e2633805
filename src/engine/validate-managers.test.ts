import { describe, expect, it } from 'vitest';
import { aConfig, aFile, aPlanInput, aRow, aUser } from '../../test/builders/engine.js';
import type { DirectoryUser } from './directory.js';
import { planRun } from './plan-run.js';
import type { SourceRow } from './source.js';

function errorCodes(rows: SourceRow[], users: DirectoryUser[] = []) {
  const plan = planRun(aPlanInput({ file: aFile(rows), directory: { users }, config: aConfig() }));
  return plan.outcomes.map((outcome) => outcome.errors.map((error) => error.code));
}

// The rules look up by key only the users named as managers (by a row or a stored user), so
// that the rows of the other new users are not mapped by key: these cover both kinds of naming.
describe('managers named by rows and by stored users (SPEC §4.1)', () => {
  it('a new user is found as the manager of a row before or after it, by any spelling', () => {
    expect(
      errorCodes([
        aRow(2, 'ann', { manager: 'BOB' }),
        aRow(3, 'bob', { manager: '' }),
        aRow(4, 'cat', { manager: 'ann' }),
      ]),
    ).toEqual([[], [], []]);
  });

  it('a cycle through a stored user whose stored manager is a new user of the file is an Error', () => {
    const stored = aUser('dir', { fields: { manager: 'ann' } });
    expect(errorCodes([aRow(2, 'ann', { manager: 'dir' })], [stored])).toEqual([['manager-cycle']]);
  });

  it('a cycle of new users only is an Error on every row of it, and not on a row outside it', () => {
    expect(
      errorCodes([
        aRow(2, 'ann', { manager: 'bob' }),
        aRow(3, 'bob', { manager: 'ann' }),
        aRow(4, 'cat', { manager: '' }),
      ]),
    ).toEqual([['manager-cycle'], ['manager-cycle'], []]);
  });
});
