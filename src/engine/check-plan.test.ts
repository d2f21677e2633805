import { describe, expect, it } from 'vitest';
import { aFile, aPlanInput, aRow, aUser } from '../../test/builders/engine.js';
import { checkPlanStillValid } from './check-plan.js';
import { planRun } from './plan-run.js';

describe('staleness check (SPEC §5)', () => {
  const file = aFile([aRow(2, 'ann', { title: 'Boss' }), aRow(3, 'bob')]);
  const before = aPlanInput({
    file,
    directory: { users: [aUser('ann', { fields: { title: 'Clerk' } })] },
  });

  it('a plan is still valid when the directory has not changed in a way that matters', () => {
    const previewed = planRun(before);
    const later = { ...before, directory: { users: [...before.directory.users, aUser('zed')] } };
    expect(checkPlanStillValid(previewed, later).fresh).toBe(true);
  });

  it('a plan is stale when a user it changes was changed meanwhile, and the reason names the row', () => {
    const previewed = planRun(before);
    const later = {
      ...before,
      directory: { users: [aUser('ann', { fields: { title: 'Director' } })] },
    };
    const verdict = checkPlanStillValid(previewed, later);
    expect(verdict.fresh).toBe(false);
    expect(verdict.fresh ? '' : verdict.reason).toMatch(
      /^the directory changed since the preview \(row 2, ann: .*\): preview the file again$/,
    );
  });

  it('a plan is stale when a user it would create now exists', () => {
    const previewed = planRun(before);
    const later = {
      ...before,
      directory: { users: [...before.directory.users, aUser('bob', { fields: { title: 'x' } })] },
    };
    expect(checkPlanStillValid({ fingerprint: previewed.fingerprint }, later).fresh).toBe(false);
  });
});
