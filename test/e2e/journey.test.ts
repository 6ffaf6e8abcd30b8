import fs from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { startServer } from '../../src/server/serve.ts';
import type { Db } from '../../src/storage/db.ts';
import { buildMember } from '../support/auth.ts';
import { freshDb } from '../support/db.ts';
import { CHROMIUM, CHROMIUM_ARGS, expectNoAxeViolations, screenshot } from './browser.ts';
import { ensureWebBuilt } from './web-build.ts';

const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(
    `[e2e] browser journeys skipped: ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`,
  );
}

describe.skipIf(!haveChromium)('browser journey: from the national summary to an ICB', () => {
  let db: Db;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let member: { email: string; password: string };

  beforeAll(async () => {
    const webDir = ensureWebBuilt();
    db = await freshDb();
    member = await buildMember(db, systemClock, { role: 'viewer' });
    server = await startServer({ db, webDir });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page = await context.newPage();
    // Script errors and CSP refusals are bugs even when the page looks right.
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  it('asks a visitor who is not signed in to sign in', async () => {
    await page.goto(`${server.url}/`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Sign in to continue');
    expect(await page.title()).toBe('Sign in to continue – Clinical Network Atlas');
    await expectNoAxeViolations(page, 'the sign-in message');
    await screenshot(page, '0-sign-in');
    // There is no sign-in page yet: sign in as the browser would, with a same-origin request that sets
    // the session cookie, then carry on as that person.
    const status = await page.evaluate(
      async (body) =>
        (
          await fetch('/api/v1/auth/sign-in', {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        ).status,
      { email: member.email, password: member.password },
    );
    expect(status).toBe(200);
    // The 401 the first visit met is expected; anything after it is not.
    problems.length = 0;
  });

  it('shows the national summary: 7 regions and 36 integrated care boards', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('The NHS in England');
    const total = page.getByTestId('national-total');
    await total.waitFor();
    expect(await total.textContent()).toMatch(
      /^36 integrated care boards in 7 regions as at \d{1,2} \w+ \d{4}$/,
    );
    const regionTables = page.locator('table', {
      has: page.locator('caption', { hasText: 'Integrated care boards in' }),
    });
    expect(await regionTables.count()).toBe(7);
    expect(await regionTables.locator('tbody tr').count()).toBe(36);
    expect(await page.title()).toBe('National summary – Clinical Network Atlas');
    await expectNoAxeViolations(page, 'the home page');
    await screenshot(page, '1-home');
  });

  it('finds an ICB as you type and opens it', async () => {
    const box = page.getByLabel('Search by name or ODS code');
    await box.pressSequentially('Cheshi', { delay: 40 });
    const results = page.locator('#search-results');
    const icb = results.getByRole('link', { name: /^NHS Cheshire and Merseyside Integrated Care Board/ });
    await icb.waitFor();
    expect(await icb.textContent()).toContain('QYG');
    // Keyboard: the down arrow moves from the box into the results.
    await box.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.closest('#search-results') !== null)).toBe(true);
    await expectNoAxeViolations(page, 'the home page with search results');
    await screenshot(page, '2-search');

    await icb.click();
    await page.waitForURL(/\/organisations\/QYG$/);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toContain('NHS Cheshire and Merseyside Integrated Care Board');
    const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
    await breadcrumb.getByRole('link', { name: 'North West' }).waitFor();
    const sicbls = page.locator('table', { has: page.locator('caption', { hasText: 'Sub-ICB locations' }) });
    await sicbls.waitFor();
    expect(await sicbls.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.title()).toContain('NHS Cheshire and Merseyside Integrated Care Board (QYG)');
    await expectNoAxeViolations(page, 'the ICB page');
    await screenshot(page, '3-icb');
  });

  it('downloads a table as CSV', async () => {
    const sicbls = page.locator('.app-table-block', {
      has: page.locator('caption', { hasText: 'Sub-ICB locations' }),
    });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      sicbls.getByRole('button', { name: /^Download CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^qyg-sub-icb-locations-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^Name,ODS code,ONS code/);
  });

  it('lists clinical networks by kind and opens one', async () => {
    await page.goto(`${server.url}/networks`);
    await page.getByLabel('Kind of network').selectOption('cancer_alliance');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/kind=cancer_alliance/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Cancer Alliances');
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page, 'the networks page');
    await screenshot(page, '4-networks');

    await rows.first().getByRole('link').first().click();
    await page.waitForURL(/\/networks\/[^/?]+/);
    await page.getByRole('heading', { name: 'Footprint' }).waitFor();
    await expectNoAxeViolations(page, 'a network page');
    await screenshot(page, '5-network');
  });

  it('shows 42 ICBs as at a date before the April 2026 mergers', async () => {
    await page.goto(`${server.url}/?as_at=2025-06-01`);
    const total = page.getByTestId('national-total');
    await total.waitFor();
    expect(await total.textContent()).toBe('42 integrated care boards in 7 regions as at 1 June 2025');
    expect(await page.getByLabel('Show the structure as at').inputValue()).toBe('2025-06-01');
    await expectNoAxeViolations(page, 'the home page as at 1 June 2025');
    await screenshot(page, '6-home-2025');
  });

  it('says when a page does not exist', async () => {
    await page.goto(`${server.url}/no-such-page`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    await expectNoAxeViolations(page, 'the not-found page');
    await screenshot(page, '7-not-found');
  });

  it('raised no script errors or CSP refusals on the way', () => {
    expect(problems).toEqual([]);
  });

  it('explains a date that is not real, and a code that does not exist', async () => {
    await page.goto(`${server.url}/?as_at=2026-02-30`);
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('heading').textContent()).toBe('There is a problem');
    expect(await page.title()).toMatch(/^Error: /);
    await expectNoAxeViolations(page, 'the home page with a date that is not real');
    await screenshot(page, '8-bad-date');

    await page.goto(`${server.url}/organisations/ZZZ99`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Organisation not found');
    await expectNoAxeViolations(page, 'an unknown organisation');
  });
});
