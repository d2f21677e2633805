import { describe, expect, it } from 'vitest';
import { SyncConfigSchema } from './config.js';

describe('sync configuration document (SPEC §2)', () => {
  it('omitted keys take the defaults create / activate / ignore / use-source / no defaults / false / null', () => {
    expect(SyncConfigSchema.parse({ name: 'HR weekly' })).toEqual({
      name: 'HR weekly',
      newUsers: 'create',
      inactiveUsers: 'activate',
      removedUsers: 'ignore',
      conflicts: { default: 'use-source', fields: {} },
      defaults: {},
      sendWelcomeEmail: false,
      deactivationLimit: null,
    });
  });

  it('a per-field rule may be a strategy name or a Force value object', () => {
    const config = SyncConfigSchema.parse({
      name: 'x',
      conflicts: {
        fields: {
          title: 'keep-destination',
          department: { strategy: 'force-value', value: 'Sales' },
        },
      },
    });
    expect(config.conflicts.fields).toEqual({
      title: { strategy: 'keep-destination' },
      department: { strategy: 'force-value', value: 'Sales' },
    });
  });

  it.each([
    [{ name: '' }, 'name must not be blank'],
    [{ name: 'x'.repeat(101) }, 'name is at most 100 characters'],
    [{ name: 'x', conflicts: { fields: { userName: 'ask' } } }, 'userName identifies the user'],
    [
      {
        name: 'x',
        conflicts: { fields: { locale: { strategy: 'force-value', value: 'nonsense locale' } } },
      },
      'the forced value is not valid',
    ],
    [{ name: 'x', defaults: { timezone: 'Mars/Base' } }, 'is not a time zone name'],
    [
      { name: 'x', defaults: { languageName: 'Elvish' } },
      "is not one of the product's display languages",
    ],
    [{ name: 'x', deactivationLimit: { percent: 120 } }, ''],
    [{ name: 'x', surprise: true }, ''],
  ])('refuses %j with a message', (document, message) => {
    const result = SyncConfigSchema.safeParse(document);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join('; ')).toContain(message);
  });
});
