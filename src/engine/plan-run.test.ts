import { describe, expect, it } from 'vitest';
import { aConfig, aFile, aPlanInput, aRow, aUser } from '../../test/builders/engine.js';
import type { SyncConfigInput } from './config.js';
import type { DirectoryUser } from './directory.js';
import type { PlanInput } from './plan-input.js';
import { planRun } from './plan-run.js';
import type { Plan, RowOutcome } from './plan.js';
import type { SourceRow } from './source.js';
import { TEXT_FIELDS } from './fields.js';

function plan(
  rows: SourceRow[],
  users: DirectoryUser[] = [],
  config: Partial<SyncConfigInput> = {},
  more: Partial<PlanInput> = {},
): Plan {
  return planRun(
    aPlanInput({ file: aFile(rows), directory: { users }, config: aConfig(config), ...more }),
  );
}

function at(result: Plan, userName: string): RowOutcome {
  const outcome = result.outcomes.find(
    (candidate) => candidate.userName.toLowerCase() === userName.toLowerCase(),
  );
  if (outcome === undefined) throw new Error(`no outcome for ${userName}`);
  return outcome;
}

describe('classification (SPEC §4.2)', () => {
  it('a valid row for an unknown user is New when New users is Create', () => {
    const result = plan([aRow(2, 'ann')]);
    expect(at(result, 'ann').class).toBe('new');
    expect(result.changes).toMatchObject([
      { kind: 'create', status: 'active', authMethod: 'password' },
    ]);
  });

  it('an existing user whose row changes a field is Updated, with the change before → after', () => {
    const result = plan(
      [aRow(2, 'ann', { title: 'Boss' })],
      [aUser('ann', { fields: { title: 'Clerk' } })],
    );
    expect(at(result, 'ann')).toMatchObject({
      class: 'updated',
      changes: [{ field: 'title', from: 'Clerk', to: 'Boss' }],
    });
  });

  it('an existing user whose row changes nothing is Skipped with the reason "no changes"', () => {
    expect(at(plan([aRow(2, 'ann')], [aUser('ann')]), 'ann')).toMatchObject({
      class: 'skipped',
      reason: 'no changes',
    });
  });

  it('a row matching the stored userName in another case is the same user and never renames them', () => {
    const result = plan([aRow(2, 'ANN', { title: 'Boss' })], [aUser('ann')]);
    expect(at(result, 'ann')).toMatchObject({ class: 'updated', userName: 'ann' });
    expect(result.changes[0]).toMatchObject({ kind: 'update', set: { title: 'Boss' } });
  });

  it('an email differing only in case is not a change', () => {
    expect(
      at(plan([aRow(2, 'ann', { email: 'ANN@EXAMPLE.COM' })], [aUser('ann')]), 'ann').class,
    ).toBe('skipped');
  });

  it('an invalid row is an Error and nothing of it is imported', () => {
    const result = plan([aRow(2, 'ann', { email: 'nope' })], [aUser('ann')]);
    expect(at(result, 'ann').class).toBe('error');
    expect(result.changes).toEqual([]);
  });

  it('counts add up per class', () => {
    const result = plan(
      [
        aRow(2, 'new'),
        aRow(3, 'same'),
        aRow(4, 'changed', { title: 'X' }),
        aRow(5, 'bad', { email: '' }),
      ],
      [aUser('same'), aUser('changed')],
    );
    expect(result.counts).toEqual({ new: 1, updated: 1, deactivated: 0, skipped: 1, error: 1 });
  });
});

describe('behaviour rules (SPEC §4.3)', () => {
  it('New users = Skip leaves unknown users out, as Skipped with the reason', () => {
    const result = plan([aRow(2, 'ann')], [], { newUsers: 'skip' });
    expect(at(result, 'ann')).toMatchObject({
      class: 'skipped',
      reason: expect.stringContaining('New users is set to Skip') as unknown,
    });
    expect(result.changes).toEqual([]);
  });

  it('Inactive users = Activate applies the changes and reactivates the user', () => {
    const result = plan(
      [aRow(2, 'ann', { title: 'Boss' })],
      [aUser('ann', { status: 'inactive' })],
      { inactiveUsers: 'activate' },
    );
    expect(result.changes).toEqual([
      {
        kind: 'update',
        row: 2,
        userId: 'id-ann',
        userName: 'ann',
        set: { title: 'Boss' },
        status: 'active',
      },
    ]);
    expect(at(result, 'ann').class).toBe('updated');
  });

  it('Inactive users = Activate keeps the user inactive when the row says active=false', () => {
    const result = plan(
      [aRow(2, 'ann', { active: 'false' })],
      [aUser('ann', { status: 'inactive' })],
    );
    expect(at(result, 'ann').class).toBe('skipped');
  });

  it('Inactive users = Skip touches nothing, even changed fields', () => {
    const result = plan(
      [aRow(2, 'ann', { title: 'Boss' })],
      [aUser('ann', { status: 'inactive' })],
      { inactiveUsers: 'skip' },
    );
    expect(at(result, 'ann')).toMatchObject({
      class: 'skipped',
      reason: expect.stringContaining('Inactive users is set to Skip') as unknown,
    });
    expect(result.changes).toEqual([]);
  });

  it('Inactive users = Update only applies field changes and keeps the user inactive', () => {
    const result = plan(
      [aRow(2, 'ann', { title: 'Boss' })],
      [aUser('ann', { status: 'inactive' })],
      { inactiveUsers: 'update-only' },
    );
    expect(result.changes).toMatchObject([
      { kind: 'update', set: { title: 'Boss' }, status: null },
    ]);
  });

  it('an active user whose row says active=false is deactivated by that row (class Updated)', () => {
    const result = plan([aRow(2, 'ann', { active: 'false' })], [aUser('ann')]);
    expect(at(result, 'ann')).toMatchObject({
      class: 'updated',
      changes: [{ field: 'active', from: 'true', to: 'false' }],
    });
    expect(result.changes).toMatchObject([{ kind: 'update', status: 'inactive' }]);
  });

  it('a new user whose row says active=false is created inactive', () => {
    expect(plan([aRow(2, 'ann', { active: 'no' })]).changes).toMatchObject([
      { kind: 'create', status: 'inactive' },
    ]);
  });

  it('a run never deactivates the administrator applying it; the row says why', () => {
    const admin = aUser('root', { role: 'admin' });
    const other = aUser('op', { role: 'admin' });
    const result = plan(
      [aRow(2, 'root', { active: 'false' })],
      [admin, other],
      {},
      { actorId: admin.id },
    );
    expect(result.changes).toEqual([]);
    expect(at(result, 'root')).toMatchObject({
      class: 'skipped',
      reason: expect.stringContaining('administrator applying this run') as unknown,
    });
  });

  it('a run never deactivates the last active administrator', () => {
    const result = plan([aRow(2, 'root', { active: 'false' })], [aUser('root', { role: 'admin' })]);
    expect(result.changes).toEqual([]);
    expect(at(result, 'root').reason).toContain('last active administrator');
  });

  it('of two active administrators deactivated by a file, the second one is kept', () => {
    const result = plan(
      [aRow(2, 'a1', { active: 'false' }), aRow(3, 'a2', { active: 'false' })],
      [aUser('a1', { role: 'admin' }), aUser('a2', { role: 'admin' })],
    );
    expect(result.changes).toHaveLength(1);
    expect(at(result, 'a2').reason).toContain('last active administrator');
  });
});

describe('conflict strategies (SPEC §4.4)', () => {
  const stored = aUser('ann', {
    fields: { title: 'Clerk', department: '', locale: 'fr-FR', cField1: 'keep me' },
  });

  it('Use source takes the file value, a blank cell included (it clears the field)', () => {
    const result = plan([aRow(2, 'ann', { title: '', cField1: '' })], [stored]);
    expect(result.changes).toMatchObject([{ set: { title: '', cField1: '' } }]);
  });

  it('a blank locale, timezone or languageName never clears a stored value', () => {
    expect(plan([aRow(2, 'ann', { locale: '' })], [stored]).changes).toEqual([]);
  });

  it('Keep destination keeps the stored value, even a blank one', () => {
    const result = plan([aRow(2, 'ann', { title: 'Boss', department: 'Sales' })], [stored], {
      conflicts: { default: 'keep-destination' },
    });
    expect(result.changes).toEqual([]);
  });

  it('Update if empty takes the file value only where the stored value is blank', () => {
    const result = plan([aRow(2, 'ann', { title: 'Boss', department: 'Sales' })], [stored], {
      conflicts: { default: 'update-if-empty' },
    });
    expect(result.changes).toMatchObject([{ set: { department: 'Sales' } }]);
  });

  it('Force value sets the configured value whether or not the column is in the file, for new users too', () => {
    const config = {
      conflicts: { fields: { department: { strategy: 'force-value' as const, value: 'Sales' } } },
    };
    const result = plan([aRow(2, 'ann'), aRow(3, 'bob')], [stored], config);
    expect(result.changes).toMatchObject([
      { kind: 'update', set: { department: 'Sales' } },
      { kind: 'create', fields: { department: 'Sales' } },
    ]);
  });

  it('Force value is refused for email', () => {
    expect(() =>
      aConfig({
        conflicts: { fields: { email: { strategy: 'force-value', value: 'x@example.com' } } },
      }),
    ).toThrow(/not allowed for email/);
  });

  it('a column absent from the file is not managed: the stored value stays', () => {
    const file = aFile([aRow(2, 'ann')]);
    expect(file.columns.has('title')).toBe(false);
    expect(planRun(aPlanInput({ file, directory: { users: [stored] } })).changes).toEqual([]);
  });

  it('Ask at runtime leaves the conflict open, the row Updated and "awaiting decision", and blocks applying', () => {
    const result = plan([aRow(2, 'ann', { title: 'Boss' })], [stored], {
      conflicts: { fields: { title: 'ask' } },
    });
    expect(result.conflicts).toEqual([
      {
        row: 2,
        userName: 'ann',
        field: 'title',
        current: 'Clerk',
        incoming: 'Boss',
        choice: null,
        decidedBy: null,
      },
    ]);
    expect(at(result, 'ann')).toMatchObject({
      class: 'updated',
      reason: 'awaiting decision on 1 conflict',
      openConflicts: 1,
    });
    expect(result.changes).toEqual([]);
    expect(result.blockers).toEqual([{ kind: 'open-conflicts', count: 1 }]);
  });

  it('a decision for the source applies the incoming value', () => {
    const result = plan(
      [aRow(2, 'ann', { title: 'Boss' })],
      [stored],
      { conflicts: { fields: { title: 'ask' } } },
      {
        decisions: [{ scope: 'one', userName: 'ANN', field: 'title', choice: 'source' }],
      },
    );
    expect(result.changes).toMatchObject([{ set: { title: 'Boss' } }]);
    expect(result.blockers).toEqual([]);
  });

  it('a row where every decision kept the stored value becomes Skipped', () => {
    const result = plan(
      [aRow(2, 'ann', { title: 'Boss' })],
      [stored],
      { conflicts: { fields: { title: 'ask' } } },
      {
        decisions: [{ scope: 'field', field: 'title', choice: 'destination' }],
      },
    );
    expect(at(result, 'ann')).toMatchObject({
      class: 'skipped',
      reason: 'no changes: the decisions kept the current values',
    });
  });

  it('a single decision beats a bulk decision for its field, which beats a remembered one', () => {
    const users = [
      aUser('ann', { fields: { title: 'A' } }),
      aUser('bob', { fields: { title: 'B' } }),
      aUser('cat', { fields: { title: 'C' } }),
    ];
    const rows = [
      aRow(2, 'ann', { title: 'A2' }),
      aRow(3, 'bob', { title: 'B2' }),
      aRow(4, 'cat', { title: 'C2' }),
    ];
    const result = plan(
      rows,
      users,
      { conflicts: { default: 'ask' } },
      {
        decisions: [
          { scope: 'field', field: 'title', choice: 'source' },
          { scope: 'one', userName: 'ann', field: 'title', choice: 'destination' },
        ],
        remembered: [{ userName: 'bob', field: 'title', choice: 'destination' }],
      },
    );
    expect(
      result.conflicts.map((conflict) => [conflict.userName, conflict.choice, conflict.decidedBy]),
    ).toEqual([
      ['ann', 'destination', 'one'],
      ['bob', 'source', 'field'],
      ['cat', 'source', 'field'],
    ]);
  });

  it('a remembered decision decides the same conflict automatically in a later run', () => {
    const result = plan(
      [aRow(2, 'ann', { title: 'Boss' })],
      [stored],
      { conflicts: { fields: { title: 'ask' } } },
      {
        remembered: [{ userName: 'ann', field: 'title', choice: 'source' }],
      },
    );
    expect(result.conflicts[0]).toMatchObject({ choice: 'source', decidedBy: 'remembered' });
    expect(result.blockers).toEqual([]);
  });

  it('active=false under Ask at runtime for active is a conflict on the status', () => {
    const result = plan([aRow(2, 'ann', { active: 'false' })], [aUser('ann')], {
      conflicts: { fields: { active: 'ask' } },
    });
    expect(result.conflicts).toMatchObject([
      { field: 'active', current: 'true', incoming: 'false', choice: null },
    ]);
  });

  it('active=false under Keep destination for active does not deactivate', () => {
    const result = plan([aRow(2, 'ann', { active: 'false' })], [aUser('ann')], {
      conflicts: { fields: { active: 'keep-destination' } },
    });
    expect(result.changes).toEqual([]);
  });
});

describe('users removed from the file (SPEC §4.5)', () => {
  const users = [aUser('ann'), aUser('bob'), aUser('cat', { status: 'inactive' })];

  it('on the first run (no baseline) the rule has no effect', () => {
    expect(plan([aRow(2, 'ann')], users, { removedUsers: 'deactivate' }).counts.deactivated).toBe(
      0,
    );
  });

  it('Deactivate: active users of the baseline missing from the file become Deactivated', () => {
    const result = plan(
      [aRow(2, 'ann')],
      users,
      { removedUsers: 'deactivate' },
      { baseline: ['ann', 'bob', 'cat'] },
    );
    expect(result.outcomes.filter((outcome) => outcome.row === null)).toMatchObject([
      { userName: 'bob', class: 'deactivated', reason: 'missing from file — deactivated' },
    ]);
    expect(result.changes).toContainEqual({
      kind: 'update',
      row: null,
      userId: 'id-bob',
      userName: 'bob',
      set: {},
      status: 'inactive',
    });
    expect(result.baseline).toEqual(['ann']);
  });

  it('a user in the baseline but missing from the file is not deactivated when their row in this file has an error', () => {
    const result = plan(
      [aRow(2, 'ann'), aRow(3, 'bob', { email: 'broken' })],
      users,
      { removedUsers: 'deactivate' },
      { baseline: ['ann', 'bob'] },
    );
    expect(result.counts.deactivated).toBe(0);
    expect(result.baseline).toEqual(['ann', 'bob']);
  });

  it('the new baseline lists each userName of the file once, in its first spelling, new users and Error rows included', () => {
    const result = plan(
      [
        aRow(2, 'neo'),
        aRow(3, 'ANN'),
        aRow(4, 'Neo'),
        aRow(5, 'zed', { email: 'broken' }),
        aRow(6, 'ann'),
        aRow(7, 'amy'),
      ],
      users,
      { removedUsers: 'deactivate' },
      { baseline: ['ann', 'bob', 'zed'] },
    );
    expect(result.baseline).toEqual(['neo', 'ANN', 'zed', 'amy']);
    expect(result.outcomes.filter((outcome) => outcome.row === null)).toMatchObject([
      { userName: 'bob', class: 'deactivated' },
    ]);
  });

  it('users not in the baseline are never deactivated, even if missing from the file', () => {
    expect(
      plan([aRow(2, 'ann')], users, { removedUsers: 'deactivate' }, { baseline: ['ann'] }).counts
        .deactivated,
    ).toBe(0);
  });

  it('Ignore shows missing users as Skipped and carries them into the new baseline', () => {
    const result = plan(
      [aRow(2, 'ann')],
      users,
      { removedUsers: 'ignore' },
      { baseline: ['ann', 'bob'] },
    );
    expect(at(result, 'bob')).toMatchObject({
      row: null,
      class: 'skipped',
      reason: 'missing from file — ignored',
    });
    expect(result.baseline).toEqual(['ann', 'bob']);
  });

  it('No action neither shows nor carries missing users', () => {
    const result = plan(
      [aRow(2, 'ann')],
      users,
      { removedUsers: 'no-action' },
      { baseline: ['ann', 'bob'] },
    );
    expect(result.outcomes).toHaveLength(1);
    expect(result.baseline).toEqual(['ann']);
  });

  it('the baseline matches userNames case-insensitively', () => {
    const result = plan(
      [aRow(2, 'ANN'), aRow(3, 'Bob')],
      users,
      { removedUsers: 'deactivate' },
      { baseline: ['ann', 'BOB'] },
    );
    expect(result.counts.deactivated).toBe(0);
  });

  it('the last active administrator missing from the file is not deactivated', () => {
    const result = plan(
      [aRow(2, 'ann')],
      [aUser('ann'), aUser('root', { role: 'admin' })],
      { removedUsers: 'deactivate' },
      { baseline: ['ann', 'root'] },
    );
    expect(at(result, 'root')).toMatchObject({
      class: 'skipped',
      reason: expect.stringContaining('last active administrator') as unknown,
    });
  });
});

describe('defaults, seats, safeguard and welcome e-mails (SPEC §4.6)', () => {
  const defaults = { locale: 'en-GB', timezone: 'Europe/London', languageName: 'UK English' };

  // A row with every column (as the template makes them) takes the path where the row's own
  // values serve as the new user's fields: defaults and forced values must still apply.
  const fullRow = (values: Record<string, string> = {}) =>
    aRow(2, 'ann', {
      middleName: 'M',
      title: 'Engineer',
      department: 'R&D',
      division: 'Div',
      costCenter: 'CC1',
      phone: '555',
      location: 'HQ',
      address1: 'Street 1',
      address2: '',
      city: 'Town',
      state: 'ST',
      zip: '12345',
      country: 'US',
      locale: 'en-US',
      timezone: 'America/Chicago',
      languageName: 'US English',
      manager: '',
      active: 'true',
      cField1: 'c1',
      cField2: 'c2',
      ...values,
    });

  it('a new user with every column gets each value of the row as its field', () => {
    const file = aFile([fullRow()]);
    const created = planRun(aPlanInput({ file, config: aConfig() })).changes[0];
    if (created?.kind !== 'create') throw new Error('no create');
    const values = file.rows[0]?.values;
    for (const field of TEXT_FIELDS) expect(created.fields[field]).toBe(values?.[field]);
    // Not a copy: a 1M-row plan holds no second object per new user.
    expect(created.fields).toBe(values);
  });

  it('defaults and forced values apply to a new user with every column too', () => {
    const forced = { department: { strategy: 'force-value' as const, value: 'Sales' } };
    const result = plan([fullRow({ locale: '', timezone: '' })], [], {
      defaults,
      conflicts: { fields: forced },
    });
    expect(result.changes[0]).toMatchObject({
      fields: {
        locale: 'en-GB',
        timezone: 'Europe/London',
        department: 'Sales',
        title: 'Engineer',
      },
    });
    expect(plan([fullRow({ locale: '' })], [], { defaults }).changes[0]).toMatchObject({
      fields: { locale: 'en-GB', timezone: 'America/Chicago', department: 'R&D' },
    });
  });

  it('defaults fill blank locale, timezone and languageName of new users', () => {
    const result = plan([aRow(2, 'ann', { locale: '' })], [], { defaults });
    expect(result.changes[0]).toMatchObject({
      fields: { locale: 'en-GB', timezone: 'Europe/London', languageName: 'UK English' },
    });
  });

  it('defaults fill a blank stored value of an existing user but never overwrite a stored value', () => {
    const result = plan([aRow(2, 'ann')], [aUser('ann', { fields: { locale: 'fr-FR' } })], {
      defaults,
    });
    expect(result.changes).toMatchObject([
      { set: { timezone: 'Europe/London', languageName: 'UK English' } },
    ]);
  });

  it('a file value wins over the default', () => {
    expect(plan([aRow(2, 'ann', { locale: 'de-DE' })], [], { defaults }).changes[0]).toMatchObject({
      fields: { locale: 'de-DE' },
    });
  });

  it('seats show active users now, after the run, and the limit', () => {
    const result = plan(
      [aRow(2, 'new1'), aRow(3, 'new2'), aRow(4, 'old', { active: 'false' })],
      [aUser('old'), aUser('x')],
      {},
      {
        settings: { ssoDomains: [], seatLimit: 10 },
      },
    );
    expect(result.seats).toEqual({ active: 2, after: 3, limit: 10, exceeded: false });
  });

  it('a run ending above the seat limit with more active users than before is refused', () => {
    const result = plan(
      [aRow(2, 'new1'), aRow(3, 'new2')],
      [aUser('old')],
      {},
      { settings: { ssoDomains: [], seatLimit: 2 } },
    );
    expect(result.seats.exceeded).toBe(true);
    expect(result.blockers).toEqual([{ kind: 'seat-limit', after: 3, limit: 2 }]);
  });

  it('a run that does not add active users is never refused for seats', () => {
    const result = plan(
      [aRow(2, 'a', { title: 'x' })],
      [aUser('a'), aUser('b'), aUser('c')],
      {},
      { settings: { ssoDomains: [], seatLimit: 1 } },
    );
    expect(result.seats).toMatchObject({ active: 3, after: 3, exceeded: false });
  });

  it('the safeguard refuses more deactivations than its count unless overridden', () => {
    const users = [aUser('a'), aUser('b'), aUser('c')];
    const config = { removedUsers: 'deactivate' as const, deactivationLimit: { count: 1 } };
    const input = { baseline: ['a', 'b', 'c'] };
    expect(plan([aRow(2, 'a')], users, config, input).blockers).toEqual([
      { kind: 'safeguard', deactivations: 2, limit: 1 },
    ]);
    const overridden = plan([aRow(2, 'a')], users, config, { ...input, overrideSafeguard: true });
    expect(overridden.safeguard).toEqual({
      deactivations: 2,
      limit: 1,
      exceeded: true,
      overridden: true,
    });
    expect(overridden.blockers).toEqual([]);
  });

  it('a percentage safeguard is a share of the baseline', () => {
    const users = ['a', 'b', 'c', 'd'].map((name) => aUser(name));
    const result = plan(
      [aRow(2, 'a'), aRow(3, 'b'), aRow(4, 'c')],
      users,
      { removedUsers: 'deactivate', deactivationLimit: { percent: 25 } },
      { baseline: ['a', 'b', 'c', 'd'] },
    );
    expect(result.safeguard).toEqual({
      deactivations: 1,
      limit: 1,
      exceeded: false,
      overridden: false,
    });
  });

  it('welcome e-mails go only to users created by this run, active, with a password', () => {
    const result = plan(
      [
        aRow(2, 'new'),
        aRow(3, 'sleepy', { active: 'false' }),
        aRow(4, 'sso', { email: 'sso@corp.example' }),
        aRow(5, 'old', { title: 'x' }),
        aRow(6, 'back'),
      ],
      [aUser('old'), aUser('back', { status: 'inactive' })],
      { sendWelcomeEmail: true },
      { settings: { ssoDomains: ['corp.example'], seatLimit: null } },
    );
    expect(result.welcomeRecipients).toEqual(['new']);
    expect(
      result.changes.find((change) => change.kind === 'create' && change.fields.userName === 'sso'),
    ).toMatchObject({ authMethod: 'sso' });
  });

  it("the run's welcome toggle wins over the configuration's default", () => {
    expect(
      plan([aRow(2, 'new')], [], { sendWelcomeEmail: true }, { sendWelcomeEmail: false })
        .welcomeRecipients,
    ).toEqual([]);
    expect(
      plan([aRow(2, 'new')], [], { sendWelcomeEmail: false }, { sendWelcomeEmail: true })
        .welcomeRecipients,
    ).toEqual(['new']);
  });

  it('an SSO domain list of * covers every domain', () => {
    expect(
      plan([aRow(2, 'new')], [], {}, { settings: { ssoDomains: ['*'], seatLimit: null } })
        .changes[0],
    ).toMatchObject({ authMethod: 'sso' });
  });
});
