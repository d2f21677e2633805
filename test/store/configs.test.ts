import { expect, test } from 'vitest';
import { getBaseline, replaceBaseline } from '../../src/store/baselines-repository.js';
import {
  createConfig,
  deleteConfig,
  getConfig,
  getConfigByName,
  listConfigs,
  setConfigStatus,
  updateConfig,
} from '../../src/store/configs-repository.js';
import {
  addRememberedDecisions,
  listRememberedDecisions,
  removeRememberedDecision,
} from '../../src/store/remembered-decisions-repository.js';
import { listStagedRows, stageOutcomes } from '../../src/store/run-rows-repository.js';
import {
  createRun,
  getRun,
  listRunsByConfig,
  setRunStatus,
} from '../../src/store/runs-repository.js';
import { createUser, getUserByUserName } from '../../src/store/users-repository.js';
import { aConfig, aCreate, aPlan, aRun, anActor, aUser } from './builders.js';
import { describeStore } from './store-targets.js';

describeStore('store: sync configurations', ({ store }) => {
  test('a configuration is stored with its document and found by name case-insensitively', async () => {
    const config = aConfig('HR weekly', {
      removedUsers: 'deactivate',
      conflicts: {
        default: 'ask',
        fields: { department: { strategy: 'force-value', value: 'Sales' } },
      },
      deactivationLimit: { percent: 10 },
    });
    const created = await createConfig(store().db, config, anActor);
    expect(created.status).toBe('active');
    expect((await getConfig(store().db, created.id))?.config).toEqual(config);
    expect((await getConfigByName(store().db, ' hr WEEKLY '))?.id).toBe(created.id);
  });

  test('configuration names are unique, compared case-insensitively', async () => {
    await createConfig(store().db, aConfig('Unique name'), anActor);
    await expect(createConfig(store().db, aConfig('UNIQUE NAME'), anActor)).rejects.toMatchObject({
      code: 'name-taken',
    });
  });

  test('a configuration is edited, paused and resumed', async () => {
    const created = await createConfig(store().db, aConfig('Editable'), anActor);
    const edited = await updateConfig(
      store().db,
      created.id,
      aConfig('Edited', { newUsers: 'skip' }),
      anActor,
    );
    expect(edited.name).toBe('Edited');
    expect(edited.config.newUsers).toBe('skip');
    expect((await setConfigStatus(store().db, created.id, 'paused', anActor)).status).toBe(
      'paused',
    );
    expect((await setConfigStatus(store().db, created.id, 'active', anActor)).status).toBe(
      'active',
    );
  });

  test('the list shows every configuration with its most recent run', async () => {
    const config = await createConfig(store().db, aConfig('Listed'), anActor);
    await createRun(store().db, aRun(config.id, aPlan([])));
    const latest = await createRun(store().db, aRun(config.id, aPlan([aCreate('listed.a')])));
    const listed = (await listConfigs(store().db)).find((entry) => entry.id === config.id);
    expect(listed?.lastRun?.id).toBe(latest.id);
    expect(listed?.lastRun?.counts.new).toBe(1);
    expect((await listRunsByConfig(store().db, config.id)).map((run) => run.id)[0]).toBe(latest.id);
  });

  test('remembered decisions are listed, replaced per userName and field, and removed', async () => {
    const config = await createConfig(store().db, aConfig('Remembering'), anActor);
    await addRememberedDecisions(store().db, config.id, [
      { userName: 'jdoe', field: 'title', choice: 'source' },
      { userName: 'JDOE', field: 'title', choice: 'destination' },
      { userName: 'amy', field: 'phone', choice: 'source' },
    ]);
    expect(await listRememberedDecisions(store().db, config.id)).toEqual([
      { userName: 'amy', field: 'phone', choice: 'source' },
      { userName: 'JDOE', field: 'title', choice: 'destination' },
    ]);
    expect(await removeRememberedDecision(store().db, config.id, 'jdoe', 'title')).toBe(true);
    expect(await listRememberedDecisions(store().db, config.id)).toHaveLength(1);
  });

  test('deleting a configuration removes its runs, staged rows, baseline and decisions but no user', async () => {
    const config = await createConfig(store().db, aConfig('Doomed'), anActor);
    await createUser(store().db, aUser('doomed.user'), anActor);
    const run = await createRun(store().db, aRun(config.id, aPlan([])));
    await stageOutcomes(
      store().db,
      run.id,
      [aPlan([aCreate('doomed.row')]).outcomes[0] ?? fail()],
      [],
    );
    await replaceBaseline(store().db, config.id, run.id, ['doomed.user']);
    await addRememberedDecisions(store().db, config.id, [
      { userName: 'doomed.user', field: 'title', choice: 'source' },
    ]);
    await deleteConfig(store().db, config.id, anActor);
    expect(await getConfig(store().db, config.id)).toBeNull();
    expect(await getRun(store().db, run.id)).toBeNull();
    expect((await listStagedRows(store().db, run.id)).total).toBe(0);
    expect(await getBaseline(store().db, config.id)).toBeNull();
    expect(await listRememberedDecisions(store().db, config.id)).toEqual([]);
    expect(await getUserByUserName(store().db, 'doomed.user')).not.toBeNull();
  });

  test('deleting a configuration while one of its runs is applying is refused', async () => {
    const config = await createConfig(store().db, aConfig('Busy'), anActor);
    const run = await createRun(store().db, aRun(config.id, aPlan([])));
    await setRunStatus(store().db, run.id, 'applying', ['previewed']);
    await expect(deleteConfig(store().db, config.id, anActor)).rejects.toMatchObject({
      code: 'config-applying',
    });
    expect(await getConfig(store().db, config.id)).not.toBeNull();
  });
});

function fail(): never {
  throw new Error('missing test data');
}
