import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { startServer } from '../../src/server/serve.ts';
import { authService } from '../../src/services/auth.ts';
import { totpCode } from '../../src/services/crypto.ts';
import { RateLimiter } from '../../src/services/rate-limit.ts';
import type { Db } from '../../src/storage/db.ts';
import { freshDb } from '../support/db.ts';
import { CHROMIUM, CHROMIUM_ARGS, expectNoAxeViolations, screenshot } from './browser.ts';
import { ensureWebBuilt, PROJECT_ROOT } from './web-build.ts';

const haveChromium = fs.existsSync(CHROMIUM);

const OWNER = {
  email: 'alex.morgan@example.org',
  name: 'Alex Morgan',
  password: 'harbour lantern 42 quietly',
  workspace: 'North Coast Cancer Alliance team',
};
const INVITEE = { email: 'sam.okafor@example.org', name: 'Sam Okafor', password: 'meadow copper 17 gently' };

/**
 * Watches a page for script errors and CSP refusals. The browser also logs each 4xx answer; 401 (signed
 * out), 403 (a second factor now required) and 409 (a stale note) are answers this journey provokes.
 */
function watch(page: Page, problems: string[]): void {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/Failed to load resource: the server responded with a status of (401|403|409)\b/.test(m.text()))
      return;
    problems.push(`console error: ${m.text()}`);
  });
}

/** Saves a screenshot of one part of a page to scratch/ (git-ignored). */
async function partShot(part: Locator, name: string): Promise<void> {
  await part.screenshot({ path: path.join(PROJECT_ROOT, 'scratch', 'e2e', `${name}.png`) });
}

async function h1(page: Page): Promise<string | null> {
  return page.getByRole('heading', { level: 1 }).textContent();
}

describe.skipIf(!haveChromium)('browser journey: accounts, workspaces and notes', () => {
  let db: Db;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** The invited person's own browser. */
  let theirs: BrowserContext | undefined;
  let them: Page;
  const problems: string[] = [];
  let secret = '';

  beforeAll(async () => {
    const webDir = ensureWebBuilt();
    db = await freshDb();
    server = await startServer({ db, webDir });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page = await context.newPage();
    watch(page, problems);
  });

  afterAll(async () => {
    await theirs?.close();
    await context?.close();
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  it('sets up the first owner, turns on a second factor, signs out and back in with a code', async () => {
    const token = await authService({
      db,
      clock: systemClock,
      limiter: new RateLimiter(systemClock),
    }).createSetupToken();
    expect(token).toBeTruthy();

    await page.goto(`${server.url}/setup?token=${token}`);
    await expect.poll(() => h1(page)).toBe('Set up the Clinical Network Atlas');
    // Passwords that differ are caught before anything is sent, against the field.
    await page.getByLabel('Email address').fill(OWNER.email);
    await page.getByLabel('Create a password').fill(OWNER.password);
    await page.getByLabel('Confirm your password').fill('something else entirely');
    await page.getByRole('button', { name: 'Create account and workspace' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    await expectNoAxeViolations(page, 'the set-up page with errors');
    await screenshot(page, 'accounts-0-setup-errors');

    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('Confirm your password').fill(OWNER.password);
    await page.getByLabel('Workspace name').fill(OWNER.workspace);
    await page.getByRole('button', { name: 'Create account and workspace' }).click();
    await expect.poll(() => h1(page)).toBe('The NHS in England');
    await page.getByTestId('national-total').waitFor();
    const account = page.getByRole('navigation', { name: 'Account' });
    await account.getByText(OWNER.email).waitFor();
    await expectNoAxeViolations(page, 'the national summary, signed in as the owner');
    await screenshot(page, 'accounts-1-owner-home');

    await account.getByRole('link', { name: new RegExp(OWNER.email) }).click();
    await page.waitForURL(/\/account\/tokens$/);
    await page
      .getByRole('navigation', { name: 'Your account' })
      .getByRole('link', { name: 'Second factor' })
      .click();
    await page.waitForURL(/\/account\/second-factor$/);
    await expect.poll(() => h1(page)).toBe('Second factor');
    await expectNoAxeViolations(page, 'the second-factor start page');
    await page.getByRole('button', { name: 'Set up a second factor' }).click();
    const key = page.getByTestId('totp-secret');
    await key.waitFor();
    secret = ((await key.textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expectNoAxeViolations(page, 'the second-factor key');
    await screenshot(page, 'accounts-2-second-factor-key');
    await page.getByLabel('Security code').fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Confirm and turn on' }).click();
    const codes = page.getByTestId('recovery-codes').locator('li');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    expect(await codes.first().textContent()).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    await expectNoAxeViolations(page, 'the recovery codes');
    await screenshot(page, 'accounts-3-recovery-codes');

    await account.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    await expect.poll(() => h1(page)).toBe('Sign in');
    expect(await page.title()).toBe('Sign in – Clinical Network Atlas');
    await expectNoAxeViolations(page, 'the sign-in page');
    await screenshot(page, 'accounts-4-sign-in');

    // A page that needs signing in comes back after signing in.
    await page.goto(`${server.url}/organisations/QYG`);
    await expect.poll(() => h1(page)).toBe('Sign in to continue');
    await page.getByRole('link', { name: 'Sign in' }).last().click();
    await page.waitForURL(/\/sign-in\?next=%2Forganisations%2FQYG$/);
    await page.getByLabel('Email address').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/sign-in\/second-factor\?next=/);
    await expect.poll(() => h1(page)).toBe('Enter your security code');
    await expectNoAxeViolations(page, 'the security code page');
    await screenshot(page, 'accounts-5-security-code');
    await page.getByLabel('Security code').fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/organisations\/QYG$/);
    await expect.poll(() => h1(page)).toContain('NHS Cheshire and Merseyside Integrated Care Board');

    await page.getByRole('link', { name: 'National summary' }).click();
    const total = page.getByTestId('national-total');
    await total.waitFor();
    expect(await total.textContent()).toMatch(/^36 integrated care boards in 7 regions/);
  });

  it('invites a person by link, changes their role, reads the audit log and keeps notes', async () => {
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Workspace' }).click();
    await page.waitForURL(/\/workspace\/members$/);
    await expect.poll(() => h1(page)).toBe('Members');
    await page.getByLabel('Email address').fill(INVITEE.email);
    await page.getByLabel('Role', { exact: true }).selectOption('editor');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const linkBox = page.getByTestId('invitation-link');
    await linkBox.waitFor();
    const link = ((await linkBox.textContent()) ?? '').trim();
    expect(link).toMatch(/\/invitation\?token=/);
    const open = page.locator('table', {
      has: page.locator('caption', { hasText: 'Invitations not yet accepted' }),
    });
    await open.getByRole('rowheader', { name: INVITEE.email }).waitFor();
    await expectNoAxeViolations(page, 'the members page with an invitation link');
    await screenshot(page, 'accounts-6-members-invited');

    // The invitee opens the link in a browser of their own.
    theirs = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    them = await theirs.newPage();
    watch(them, problems);
    await them.goto(link);
    await expect.poll(() => h1(them)).toBe('Accept your invitation');
    await expectNoAxeViolations(them, 'the invitation page');
    await screenshot(them, 'accounts-7-invitation');
    await them.getByLabel('Your name').fill(INVITEE.name);
    await them.getByLabel('Create a password').fill(INVITEE.password);
    await them.getByLabel('Confirm your password').fill(INVITEE.password);
    await them.getByRole('button', { name: 'Accept invitation' }).click();
    await expect.poll(() => h1(them)).toBe('The NHS in England');
    await them.getByTestId('national-total').waitFor();
    await them.getByRole('navigation', { name: 'Account' }).getByText(INVITEE.email).waitFor();

    // The owner sees them join, and makes them a viewer.
    await page.reload();
    const members = page.locator('table', {
      has: page.locator('caption', { hasText: 'Members of this workspace' }),
    });
    await members.getByRole('rowheader', { name: INVITEE.email }).waitFor();
    await page.getByLabel(`Role of ${INVITEE.email}`).selectOption('viewer');
    await page.getByRole('button', { name: `Save the role of ${INVITEE.email}` }).click();
    await page.getByText(`${INVITEE.email} now has the role Viewer.`).waitFor();
    expect(await page.getByLabel(`Role of ${INVITEE.email}`).inputValue()).toBe('viewer');
    await expectNoAxeViolations(page, 'the members page');
    await screenshot(page, 'accounts-8-members');

    await page
      .getByRole('navigation', { name: 'Your workspace' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await page.waitForURL(/\/workspace\/audit$/);
    const entries = page.locator('table', { has: page.locator('caption', { hasText: 'Audit entries' }) });
    await entries.locator('tbody tr').first().waitFor();
    await entries.getByText('member.joined', { exact: true }).first().waitFor();
    await entries.getByText('auth.sign_in', { exact: true }).first().waitFor();
    await expectNoAxeViolations(page, 'the audit log');
    await screenshot(page, 'accounts-9-audit');
    await page.getByLabel('Action starts with').fill('member.');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=member\./);
    await expect.poll(() => entries.getByText('auth.sign_in', { exact: true }).count()).toBe(0);
    expect(await entries.getByText('member.role_changed', { exact: true }).count()).toBeGreaterThan(0);

    await page.goto(`${server.url}/organisations/QYG`);
    const notes = page.getByTestId('notes');
    await notes.getByText('There are no notes on').waitFor();
    const text = 'Ask the cancer alliance about the new diagnostic centre before the spring review.';
    await notes.getByLabel('Add a note').fill(text);
    await notes.getByRole('button', { name: 'Add note' }).click();
    await notes.getByText(text).waitFor();
    await notes.getByText(new RegExp(`^Note by ${OWNER.email.replaceAll('.', '\\.')}, `)).waitFor();
    await notes.getByRole('button', { name: /^Edit the note/ }).click();
    await notes.getByLabel('Change the note').fill(`${text} Booked for 3 March.`);
    await notes.getByRole('button', { name: 'Save note' }).click();
    await notes.getByText(`${text} Booked for 3 March.`).waitFor();
    await expectNoAxeViolations(page, 'the ICB page with a note');
    await screenshot(page, 'accounts-10-note');
    await partShot(notes, 'accounts-10b-notes');

    // Someone else changes the note while it is open for editing: saving says so, and reloading shows theirs.
    await notes.getByRole('button', { name: /^Edit the note/ }).click();
    const status = await page.evaluate(async () => {
      const me = await (await fetch('/api/v1/me')).json();
      const list = await (await fetch('/api/v1/notes?target_type=organisation&target_code=QYG')).json();
      const note = list.items[0];
      const r = await fetch(`/api/v1/notes/${note.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
        body: JSON.stringify({ body: 'Changed in another tab.', version: note.version }),
      });
      return r.status;
    });
    expect(status).toBe(200);
    await notes.getByLabel('Change the note').fill('My change, too late.');
    await notes.getByRole('button', { name: 'Save note' }).click();
    await notes
      .getByText(/Someone else changed this note/)
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'a note changed by someone else');
    await notes.getByRole('button', { name: 'Reload the notes' }).click();
    await notes.getByText('Changed in another tab.').waitFor();

    // The invitee, now a viewer, reads the note but has no controls to change it.
    await them.goto(`${server.url}/organisations/QYG`);
    const theirNotes = them.getByTestId('notes');
    await theirNotes.getByText('Changed in another tab.').waitFor();
    await theirNotes.getByText(/can read notes but not write them/).waitFor();
    expect(
      await theirNotes
        .getByRole('button')
        .filter({ hasText: /Edit|Delete|Add note/ })
        .count(),
    ).toBe(0);
    expect(await them.getByRole('link', { name: 'Workspace' }).count()).toBe(0);
    await expectNoAxeViolations(them, 'the ICB page for a viewer');
  });

  it('creates and revokes an API token, and requires a second factor of the workspace', async () => {
    await page.goto(`${server.url}/account/tokens`);
    await expect.poll(() => h1(page)).toBe('Your API tokens');
    await page.getByLabel('Name').fill('Monthly report script');
    await page.getByLabel('Days until it expires').fill('30');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = page.getByTestId('new-token');
    await token.waitFor();
    expect(((await token.textContent()) ?? '').length).toBeGreaterThan(20);
    const tokens = page.locator('table', { has: page.locator('caption', { hasText: 'Your tokens' }) });
    await tokens.getByRole('rowheader', { name: 'Monthly report script' }).waitFor();
    await expectNoAxeViolations(page, 'the tokens page with a new token');
    await screenshot(page, 'accounts-11-tokens');
    await tokens.getByRole('button', { name: 'Revoke the token Monthly report script' }).click();
    await tokens.getByText(/^Revoked/).waitFor();
    await page.getByLabel("Show everyone's tokens in this workspace").check();
    await page.waitForURL(/all=true/);
    await page.locator('caption', { hasText: 'Everyone’s tokens' }).waitFor();

    await page.goto(`${server.url}/workspace/settings`);
    await expect.poll(() => h1(page)).toBe('Workspace settings');
    await page.getByLabel('Require a second factor of every member').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('The settings are saved.').waitFor();
    await expectNoAxeViolations(page, 'the workspace settings');
    await screenshot(page, 'accounts-12-settings');

    // The invitee has no second factor, so the workspace now sends them to set one up.
    await them.goto(`${server.url}/`);
    await them.waitForURL(/\/account\/second-factor$/);
    await expect.poll(() => h1(them)).toBe('Second factor');
    await them.getByText('Your workspace requires a second factor').waitFor();
    await expectNoAxeViolations(them, 'the second-factor page when the workspace requires one');
  });

  it('switches workspace from the header, and each workspace keeps its own notes', async () => {
    const created = await page.evaluate(async () => {
      const me = await (await fetch('/api/v1/me')).json();
      const r = await fetch('/api/v1/workspaces', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
        body: JSON.stringify({ name: 'Wessex research group' }),
      });
      return r.status;
    });
    expect(created).toBe(201);
    await page.goto(`${server.url}/organisations/QYG`);
    const notes = page.getByTestId('notes');
    await notes.getByText('Changed in another tab.').waitFor();
    const account = page.getByRole('navigation', { name: 'Account' });
    await account.getByLabel('Workspace').selectOption({ label: 'Wessex research group' });
    await account.getByRole('button', { name: 'Switch workspace' }).click();
    await notes.getByText('Private to Wessex research group').waitFor();
    await notes.getByText('There are no notes on').waitFor();
    await expectNoAxeViolations(page, 'the ICB page after switching workspace');
    await screenshot(page, 'accounts-13-switched');
    await partShot(page.locator('header'), 'accounts-13b-header');
  });

  it('raised no script errors or CSP refusals on the way', () => {
    expect(problems).toEqual([]);
  });
});
