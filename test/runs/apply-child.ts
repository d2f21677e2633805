/**
 * A separate process that applies one run and says when it is writing, so the kill test can
 * SIGKILL it in the middle of the apply transaction. Usage: apply-child.ts <dataDir> <dbUrl|-> <runId>
 */
import { applyRun } from '../../src/runs/apply-run.js';
import { openStore } from '../../src/store/open-store.js';

const [dataDir = '', databaseUrl = '-', runId = ''] = process.argv.slice(2);
const store = openStore({ dataDir, databaseUrl: databaseUrl === '-' ? undefined : databaseUrl });
await applyRun(
  { store },
  runId,
  { id: null, name: 'child' },
  {
    onProgress: (progress) => {
      if (progress.phase === 'applying') process.stdout.write('applying\n');
    },
  },
);
process.stdout.write('applied\n');
await store.close();
