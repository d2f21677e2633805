/**
 * The administrator's whole journey in a real browser (Debian's Chromium through
 * playwright-core) against the real server on a fresh SQLite database: setup, sign-in, the
 * six-step wizard, the template download, a refused file and a file with an error row fixed by
 * a corrected upload, preview, conflicts resolved with "remember", apply, results and their
 * download, history, a paused configuration refusing to run, a seat limit disabling Run, and
 * deactivating and reactivating a user. A screenshot of each screen goes to test-results/e2e/.
 *
 * Needs /usr/bin/chromium: CI installs it (.ci/run) and the test fails without it there; on a
 * developer machine without it the suite is skipped with a message. web/dist is built first when
 * it is missing or older than web/src.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureWebBuild, startServer, type E2eServer } from './e2e-server.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'test-results', 'e2e');
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium && process.env.CI !== undefined && process.env.CI !== '') {
  throw new Error(`The browser tests need Chromium at ${CHROMIUM} (CI installs it with apt-get).`);
}
if (!hasChromium) {
  process.stderr.write(
    `\n*** test/e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium to run it) ***\n\n`,
  );
}

const ADMIN = {
  userName: 'ada.admin',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Admin',
  password: 'correct horse battery staple 42',
};

const HEADER = 'userName,email,firstName,lastName,title,department,Notes';
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\r\n') + '\r\n');
const FILES = {
  missingEmail: Buffer.from('userName,firstName,lastName\r\njdoe,Jane,Doe\r\n'),
  withError: csv(
    'alice,alice@example.com,Alice,Archer,Engineer,R&D,first',
    'bob,bob@,Bob,Baker,Clerk,Sales,second',
    'carol,carol@example.com,Carol,Cole,Manager,Sales,third',
  ),
  fixed: csv(
    'alice,alice@example.com,Alice,Archer,Engineer,R&D,first',
    'bob,bob@example.com,Bob,Baker,Clerk,Sales,second',
    'carol,carol@example.com,Carol,Cole,Manager,Sales,third',
  ),
  changedTitles: csv(
    'alice,alice@example.com,Alice,Archer,Senior engineer,R&D,first',
    'bob,bob@example.com,Bob,Baker,Head clerk,Sales,second',
    'carol,carol@example.com,Carol,Cole,Manager,Sales,third',
  ),
  withoutCarol: csv(
    'alice,alice@example.com,Alice,Archer,Senior engineer,R&D,first',
    'bob,bob@example.com,Bob,Baker,Clerk,Sales,second',
  ),
  oneMore: csv(
    'alice,alice@example.com,Alice,Archer,Senior engineer,R&D,first',
    'bob,bob@example.com,Bob,Baker,Clerk,Sales,second',
    'carol,carol@example.com,Carol,Cole,Manager,Sales,third',
    'dave,dave@example.com,Dave,Dunn,Intern,Sales,fourth',
  ),
};

describe.skipIf(!hasChromium)('the administrator journey in Chromium', () => {
  let server: E2eServer | null = null;
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;
  let page: Page;
  const running = () => {
    if (server === null || browser === null) throw new Error('beforeAll did not start the server');
    return { server, browser };
  };
  const problems: string[] = [];
  let shot = 0;

  const screenshot = async (name: string) => {
    shot += 1;
    await page.screenshot({
      path: join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  };
  const upload = async (name: string, buffer: Buffer) => {
    await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer });
  };
  /** Drops a file on the drop zone the way a person dragging it from the desktop does. */
  const drop = async (name: string, buffer: Buffer) => {
    // Evaluated in the page (this file is type-checked without the DOM library).
    const dataTransfer = await page.evaluateHandle(
      `(() => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([${JSON.stringify(buffer.toString('utf8'))}], ${JSON.stringify(name)}, { type: 'text/csv' }));
        return transfer;
      })()`,
    );
    await page.dispatchEvent('.dropzone', 'drop', { dataTransfer });
  };
  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  const card = (label: string) => page.locator('.count-card', { hasText: label });
  const pickOption = async (label: string, option: string, search?: string) => {
    const input = page.locator('input').and(page.getByLabel(label, { exact: true }));
    await input.click();
    if (search !== undefined) await input.fill(search);
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ensureWebBuild();
    const started = await startServer();
    server = started;
    const launched = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    browser = launched;
    context = await launched.newContext({
      baseURL: started.url,
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // A 401 from the session probe or an expected 409 is logged by Chromium as a failed load.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        problems.push(`console: ${message.text()}`);
      }
    });
  }, 120_000);

  // One journey: once a step fails, the later ones would only time out, so they are skipped.
  let failed = false;
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    failed = true;
    await page.screenshot({ path: join(SHOTS, 'failure.png'), fullPage: true });
    process.stderr.write(`e2e: failed at ${page.url()}; problems: ${JSON.stringify(problems)}\n`);
  });
  beforeEach((context) => {
    if (failed) context.skip();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('sets up, signs in, and creates a configuration with the six-step wizard', async () => {
    await page.goto('/');
    await expect.poll(() => page.url()).toContain('/setup');
    await page.getByLabel('User name').fill(ADMIN.userName);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('First name').fill(ADMIN.firstName);
    await page.getByLabel('Last name').fill(ADMIN.lastName);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByLabel('Repeat the password').fill(ADMIN.password);
    await screenshot('setup');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByRole('heading', { name: 'Import & Sync' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to usersync' }).waitFor();
    await page.getByLabel('User name or e-mail').fill(ADMIN.userName);
    await page.getByLabel(/^Password/).fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await screenshot('sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Import & Sync' }).waitFor();
    await screenshot('syncs-empty');

    // Step 1: the name is required before Next.
    await page.getByRole('link', { name: 'Create New Sync' }).first().click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Enter a name for this sync.').waitFor();
    await page.getByLabel('Name of this sync').fill('HR export');
    await screenshot('wizard-1-name');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 2: the template downloads; a sample file is checked at once.
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download Template' }).click(),
    ]);
    const templatePath = join(SHOTS, 'usersync-template.xlsx');
    await template.saveAs(templatePath);
    expect(template.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(readFileSync(templatePath).subarray(0, 2).toString('latin1')).toBe('PK');
    await upload('sample.csv', FILES.missingEmail);
    await page.getByText('sample.csv was refused').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Fix this step before going on').waitFor();
    await upload('sample.csv', FILES.fixed);
    await page.getByText('sample.csv looks right').waitFor();
    await page.getByText('Notes', { exact: true }).first().waitFor();
    await screenshot('wizard-2-template');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 3: behaviour.
    await page.getByRole('radio', { name: 'Deactivate' }).check();
    await screenshot('wizard-3-behaviour');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 4: conflict rules: title asks at runtime; a forced value must not be blank.
    await pickOption('Strategy for title', 'Ask at runtime');
    await pickOption('Strategy for country', 'Force value');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Enter the value to force, or choose another strategy.').waitFor();
    await page.getByLabel('Forced value for country').fill('United States');
    await screenshot('wizard-4-conflicts');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 5: defaults from searchable pickers.
    await pickOption('Timezone', 'Europe/Paris', 'Europe/Par');
    await pickOption('Language', 'UK English (en-GB)', 'UK');
    await screenshot('wizard-5-defaults');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 6: the welcome e-mail, then Save.
    await page.getByRole('switch', { name: 'Send new users a welcome e-mail' }).check();
    await screenshot('wizard-6-welcome');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'HR export' }).waitFor();
    await page.getByText('Never run.').waitFor();
    await screenshot('syncs-one');
  });

  it('refuses a bad file, shows an error row, and previews the corrected file', async () => {
    await page.getByRole('link', { name: 'Run' }).first().click();
    await page.getByRole('heading', { name: 'Run "HR export"' }).waitFor();
    await upload('users.csv', FILES.missingEmail);
    await page.getByText('users.csv was not accepted').waitFor();
    await expect
      .poll(() => page.getByRole('alert', { name: 'users.csv was not accepted' }).innerText())
      .toMatch(/email/i);
    await screenshot('run-refused');

    await drop('users.csv', FILES.withError);
    await page.getByRole('heading', { name: /^Preview/ }).waitFor();
    await expect.poll(() => card('Errors').innerText()).toContain('1');
    await card('Errors').click();
    await page.getByText('Error rows: 1 row').waitFor();
    await page
      .locator('.virtual-row', { hasText: 'bob' })
      .getByText(/Row 3, email/)
      .waitFor();
    await screenshot('preview-error-row');

    await page.getByRole('button', { name: 'Upload a corrected file' }).click();
    await page.getByRole('heading', { name: 'Run "HR export"' }).waitFor();
    await upload('users-fixed.csv', FILES.fixed);
    await page.getByRole('heading', { name: /^Preview/ }).waitFor();
    await expect.poll(() => card('New').innerText()).toContain('3');
    await expect.poll(() => card('Errors').innerText()).toContain('0');
    await page.getByText('Notes').first().waitFor(); // the ignored column
    await screenshot('preview-fixed');

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText('The sync is complete').waitFor({ timeout: 30_000 });
    await expect.poll(() => card('Added').innerText()).toContain('3');
    await screenshot('results-first-run');
  });

  it('resolves conflicts with "remember", applies, and downloads the results', async () => {
    await nav('Import & Sync');
    await page.getByRole('link', { name: 'Run' }).first().click();
    await upload('users-titles.csv', FILES.changedTitles);
    await page.getByRole('heading', { name: /^Preview/ }).waitFor();
    await page.getByText('2 conflicts to resolve').waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: /^Resolve conflicts/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Run', exact: true }).isDisabled()).toBe(true);

    const alice = page.getByRole('region', { name: 'Conflict: alice, title' });
    await alice.getByText('Senior engineer').waitFor();
    await alice.getByRole('checkbox', { name: 'Remember this choice' }).check();
    await alice.getByText('Use incoming').click();
    const bob = page.getByRole('region', { name: 'Conflict: bob, title' });
    await bob.getByText('Keep current').click();
    await page.getByText('Every conflict has a decision.').waitFor();
    await screenshot('conflicts');

    const run = page.getByRole('button', { name: 'Run', exact: true });
    await expect.poll(() => run.isEnabled()).toBe(true);
    await run.click();
    await page.getByText('The sync is complete').waitFor({ timeout: 30_000 });
    await expect.poll(() => card('Updated').innerText()).toContain('1');
    await card('Updated').click();
    await page.locator('.virtual-row', { hasText: 'alice' }).getByText('Senior engineer').waitFor();
    await screenshot('results-conflicts');

    const [results] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download results (.xlsx)' }).click(),
    ]);
    const resultsPath = join(SHOTS, 'results.xlsx');
    await results.saveAs(resultsPath);
    expect(results.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(readFileSync(resultsPath).subarray(0, 2).toString('latin1')).toBe('PK');

    // The remembered decision is listed in the configuration, with a way to remove it.
    await nav('Import & Sync');
    await page.getByRole('link', { name: 'Edit' }).first().click();
    await page.getByRole('button', { name: 'Step 4 Conflict rules' }).click();
    await page
      .getByRole('button', { name: 'Remove the remembered decision for alice, title' })
      .waitFor();
    await screenshot('wizard-remembered');
  });

  it('lists the runs in the history, each opening its results', async () => {
    await nav('Import & Sync');
    await page.getByRole('link', { name: 'History' }).first().click();
    await page.getByRole('heading', { name: 'History: HR export' }).waitFor();
    await expect.poll(() => page.getByText('applied', { exact: true }).count()).toBe(2);
    // The first run created users with the welcome e-mail on; no mail server holds them.
    const firstApplied = page.locator('tbody tr', { hasText: 'users-fixed.csv' });
    await firstApplied.getByText('0 of 3 sent, 3 held', { exact: true }).waitFor();
    await screenshot('history');
    await page.locator('tbody tr').first().getByRole('link').click();
    await page.getByRole('heading', { name: /^Results/ }).waitFor();
  });

  it('refuses to run a paused configuration until it is resumed', async () => {
    await nav('Import & Sync');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('Paused: it cannot be run until you resume it.').waitFor();
    await page.getByRole('link', { name: 'Run' }).first().click();
    await page.getByText('This sync is paused').waitFor();
    await upload('users.csv', FILES.fixed);
    await page.getByText('users.csv was not accepted').waitFor();
    await expect
      .poll(() => page.getByRole('alert', { name: 'users.csv was not accepted' }).innerText())
      .toMatch(/paused/i);
    await screenshot('paused-refused');
    await nav('Import & Sync');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
  });

  it('disables Run, saying why, when the run would exceed the seat limit', async () => {
    await nav('Settings');
    await page.getByText('Named users (seat limit)').click();
    await page.getByRole('textbox', { name: 'Seat limit' }).fill('4');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('The settings are saved.').waitFor();
    // The file limits: raise the upload limit, and the server keeps it in bytes.
    await page.getByRole('textbox', { name: 'Largest file (MiB)' }).fill('200');
    await page.getByRole('button', { name: 'Save file limits' }).click();
    await page.getByText('The file limits are saved.').waitFor();
    const saved = await page.request.get('/api/settings');
    expect(((await saved.json()) as { limits: unknown }).limits).toEqual({
      maxUploadBytes: 200 * 1024 * 1024,
    });
    await screenshot('settings');

    await nav('Import & Sync');
    await page.getByRole('link', { name: 'Run' }).first().click();
    await upload('users-dave.csv', FILES.oneMore);
    await page.getByRole('heading', { name: /^Preview/ }).waitFor();
    await page.getByText('Over the seat limit').waitFor();
    expect(await page.getByRole('button', { name: 'Run', exact: true }).isDisabled()).toBe(true);
    await expect.poll(() => page.locator('#run-blockers').innerText()).toMatch(/seat/i);
    await screenshot('preview-seat-limit');
    await page.getByRole('button', { name: 'Cancel this run' }).click();
    await page.getByText('This run was cancelled').waitFor();
  });

  it('deactivates and reactivates a user', async () => {
    await nav('Users');
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByText('4 users').waitFor();
    await page.getByLabel('Search').fill('alice');
    await page.getByText('1 user', { exact: true }).waitFor();
    await screenshot('users');
    await page.getByRole('link', { name: 'alice' }).click();
    await page.getByRole('heading', { name: 'Alice Archer' }).waitFor();
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('button', { name: 'Activate' }).waitFor();
    await page.getByText('Inactive', { exact: true }).waitFor();
    await screenshot('user-deactivated');
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('button', { name: 'Deactivate' }).waitFor();
    await page.getByText('Active', { exact: true }).first().waitFor();
    await screenshot('user-page');
  });

  it('holds back a run over the deactivation safeguard until it is overridden', async () => {
    await nav('Import & Sync');
    await page.getByRole('link', { name: 'Edit' }).first().click();
    await page.getByRole('button', { name: 'Step 3 Behaviour' }).click();
    await pickOption('Deactivation safeguard', 'At most a number of users');
    await page.getByRole('textbox', { name: 'Most users a run may deactivate' }).fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Import & Sync' }).waitFor();

    await page.getByRole('link', { name: 'Run' }).first().click();
    await upload('users-without-carol.csv', FILES.withoutCarol);
    await page.getByRole('heading', { name: /^Preview/ }).waitFor();
    await expect.poll(() => card('Deactivated').innerText()).toContain('1');
    await page.getByText('Over the deactivation safeguard').waitFor();
    const run = page.getByRole('button', { name: 'Run', exact: true });
    expect(await run.isDisabled()).toBe(true);
    // The box shows the run's saved option: it is ticked once the server has it.
    const override = page.getByRole('checkbox', { name: /deactivate 1 user anyway/ });
    await override.click();
    await expect.poll(() => override.isChecked()).toBe(true);
    await expect.poll(() => run.isEnabled()).toBe(true);
    await screenshot('preview-safeguard-overridden');
    await run.click();
    await page.getByText('The sync is complete').waitFor({ timeout: 30_000 });
    await expect.poll(() => card('Deactivated').innerText()).toContain('1');
  });

  it('shows the outbox, the set-password page signed out, and fits a phone screen', async () => {
    await nav('Mailbox');
    await page.getByRole('heading', { name: 'Mailbox' }).waitFor();
    // No mail server is configured: the welcome e-mail of the user the run created waits as held.
    const row = page.getByRole('row').filter({ hasText: 'alice@example.com' }).first();
    await row.getByText('held').waitFor();
    await row.getByRole('button', { name: /Read the message/ }).click();
    await page.getByText('set-password?token=redacted').waitFor();
    await screenshot('mailbox');
    await page.keyboard.press('Escape');

    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/syncs', '/users', '/settings']) {
      await page.goto(path);
      await page.locator('h1').waitFor();
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow, `horizontal overflow on ${path} at 390px`).toBeLessThanOrEqual(0);
      await screenshot(`phone${path.replace('/', '-')}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    const visitor = await running().browser.newContext({ baseURL: running().server.url });
    const signedOut = await visitor.newPage();
    await signedOut.goto('/set-password?token=not-a-real-token');
    await signedOut.getByRole('heading', { name: 'Set your password' }).waitFor();
    await signedOut.getByText('This link no longer works').waitFor();
    await signedOut.screenshot({
      path: join(SHOTS, 'set-password-signed-out.png'),
      fullPage: true,
    });
    await visitor.close();

    expect(problems).toEqual([]);
  }, 60_000);

  it('deletes a configuration and its history after a confirmation, keeping every user', async () => {
    await nav('Import & Sync');
    const section = page.getByRole('region', { name: 'Sync configuration HR export' });
    await section.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete "HR export"?' });
    await dialog.getByText('No user is deleted or changed').waitFor();
    await screenshot('delete-confirmation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await section.waitFor();

    await section.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete configuration and history' }).click();
    await section.waitFor({ state: 'detached' });
    await nav('Users');
    await page.getByRole('link', { name: 'alice', exact: true }).waitFor();
    expect(problems).toEqual([]);
  });
});
