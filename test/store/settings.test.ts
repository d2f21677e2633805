import { expect, test } from 'vitest';
import { listAudit } from '../../src/store/audit-log-repository.js';
import {
  getSettings,
  planSettingsOf,
  updateSettings,
} from '../../src/store/settings-repository.js';
import { anActor } from './builders.js';
import { describeStore } from './store-targets.js';

describeStore('store: settings', ({ store }) => {
  test('a fresh database has the default settings: no licensing, no SSO, reader limits', async () => {
    expect(await getSettings(store().db)).toEqual({
      licensing: 'none',
      seatLimit: null,
      ssoDomains: [],
      limits: {},
    });
  });

  test('settings are changed, validated together and audited; seats count only under named licensing', async () => {
    const next = await updateSettings(
      store().db,
      { licensing: 'named', seatLimit: 50, ssoDomains: ['Example.COM'] },
      anActor,
    );
    expect(next).toMatchObject({ licensing: 'named', seatLimit: 50, ssoDomains: ['example.com'] });
    expect(await getSettings(store().db)).toEqual(next);
    expect(planSettingsOf(next)).toEqual({ ssoDomains: ['example.com'], seatLimit: 50 });
    expect(planSettingsOf({ ...next, licensing: 'none' }).seatLimit).toBeNull();
    await expect(updateSettings(store().db, { seatLimit: -1 }, anActor)).rejects.toThrow();
    const audit = await listAudit(store().db, { action: 'settings.update' });
    expect(audit.map((entry) => entry.field).sort()).toEqual([
      'licensing',
      'seatLimit',
      'ssoDomains',
    ]);
  });
});
