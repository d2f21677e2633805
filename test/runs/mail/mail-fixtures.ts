/**
 * Shared pieces of the mail use-case tests: mail settings for a loopback SMTP server (or none),
 * applying a file of rows the way a run does (planRun, then writePlan inside the apply lock),
 * and a clock the test moves.
 */
import type { SourceRow } from '../../../src/engine/source.js';
import { planRun } from '../../../src/engine/plan-run.js';
import type { PlanSettings } from '../../../src/engine/directory.js';
import { parseMailSettings, type MailSettings } from '../../../src/mail/mail-settings.js';
import type { RunsContext } from '../../../src/runs/runs-context.js';
import { createConfig } from '../../../src/store/configs-repository.js';
import { loadDirectory } from '../../../src/store/load-directory.js';
import type { Store } from '../../../src/store/open-store.js';
import { createRun, setRunStatus } from '../../../src/store/runs-repository.js';
import { writePlan } from '../../../src/store/write-plan.js';
import { aFile, aPlanInput } from '../../builders/engine.js';
import { aConfig, aRun, anActor } from '../../store/builders.js';
import { parseMail } from '../../mail/smtp-test-server.js';

/** Mail settings sending to a loopback SMTP server on `port`, or not configured with null. */
export function mailSettings(port: number | null, days = 7): MailSettings {
  return parseMailSettings({
    ...(port === null ? {} : { SMTP_URL: `smtp://mailer:s3cret@127.0.0.1:${String(port)}` }),
    MAIL_FROM: 'Acme Directory <usersync@acme.example>',
    ORGANISATION_NAME: 'Acme',
    PUBLIC_URL: 'https://usersync.acme.example',
    SET_PASSWORD_LINK_DAYS: String(days),
  });
}

/** A RunsContext over a store. */
export function contextOf(store: Store): RunsContext {
  return { store };
}

/** A clock the test sets and moves. */
export interface TestClock {
  now: Date;
  advance(ms: number): void;
  read: () => Date;
}

/** A clock starting at the real current time. */
export function aClock(start: Date = new Date()): TestClock {
  const clock: TestClock = {
    now: start,
    advance(ms) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
    read: () => clock.now,
  };
  return clock;
}

let configCount = 0;

/**
 * Applies `rows` as a run of a new configuration with the welcome e-mail on: plans against the
 * directory as it is, then re-plans and writes inside the apply lock. `failAfterWrite` throws
 * after writing, so the transaction rolls back. Returns the run's id.
 */
export async function applyRows(
  store: Store,
  rows: readonly SourceRow[],
  options: { settings?: PlanSettings; failAfterWrite?: boolean } = {},
): Promise<string> {
  configCount += 1;
  const config = aConfig(`mail-${String(configCount)}-${String(Date.now())}`, {
    sendWelcomeEmail: true,
  });
  const stored = await createConfig(store.db, config, anActor);
  const input = (directory: Awaited<ReturnType<typeof loadDirectory>>) =>
    aPlanInput({
      file: aFile(rows),
      directory,
      config: stored.config,
      ...(options.settings === undefined ? {} : { settings: options.settings }),
    });
  const preview = planRun(input(await loadDirectory(store.db)));
  const run = await createRun(store.db, aRun(stored.id, preview));
  await setRunStatus(store.db, run.id, 'applying', ['previewed']);
  await store.withApplyLock(async (tx) => {
    const plan = planRun(input(await loadDirectory(tx)));
    await writePlan(tx, { runId: run.id, configId: stored.id, plan, actor: anActor });
    if (options.failAfterWrite === true) throw new Error('rolled back on purpose');
  });
  return run.id;
}

const TOKEN_IN_LINK = /https:\/\/usersync\.acme\.example\/set-password\?token=([A-Za-z0-9_-]{43})/;

/** The token of the set-password link in a delivered message's plain-text part. */
export function tokenIn(raw: string): string {
  const text = parseMail(raw).parts.find((part) => part.contentType.startsWith('text/plain'));
  const token = TOKEN_IN_LINK.exec(text?.body ?? '')?.[1];
  if (token === undefined) throw new Error('no set-password link in the message');
  return token;
}
