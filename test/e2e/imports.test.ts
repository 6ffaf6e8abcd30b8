import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { startServer } from '../../src/server/serve.ts';
import type { Db } from '../../src/storage/db.ts';
import { buildMember } from '../support/auth.ts';
import { freshDb } from '../support/db.ts';
import { HAVE_SHARED, SHARED_DATA, shared } from '../support/shared-data.ts';
import { CHROMIUM, CHROMIUM_ARGS, expectNoAxeViolations, screenshot } from './browser.ts';
import { ensureWebBuilt, PROJECT_ROOT } from './web-build.ts';

const haveChromium = fs.existsSync(CHROMIUM);
if (!HAVE_SHARED) {
  console.warn(`[e2e] imports journey skipped: the shared NHS data folder ${SHARED_DATA} is missing`);
}

/** A table found by its caption. */
function table(page: Page, caption: string | RegExp): Locator {
  return page.locator('table', { has: page.locator('caption', { hasText: caption }) });
}

/** Saves a screenshot of one part of a page to scratch/ (git-ignored). */
async function partShot(part: Locator, name: string): Promise<void> {
  await part.screenshot({ path: path.join(PROJECT_ROOT, 'scratch', 'e2e', `${name}.png`) });
}

async function h1(page: Page): Promise<string | null> {
  return page.getByRole('heading', { level: 1 }).textContent();
}

describe.skipIf(!haveChromium || !HAVE_SHARED)(
  'browser journey: imports, history, deprivation and the map',
  () => {
    let db: Db;
    let server: { url: string; close(): Promise<void> };
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const problems: string[] = [];
    let owner: { email: string; password: string };

    beforeAll(async () => {
      const webDir = ensureWebBuilt();
      db = await freshDb();
      owner = await buildMember(db, systemClock, { role: 'owner' });
      server = await startServer({ db, webDir });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
      page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        // A file of the wrong group is refused with a 400 on purpose; the 401 is before signing in.
        if (/Failed to load resource: the server responded with a status of (400|401)\b/.test(m.text()))
          return;
        problems.push(`console error: ${m.text()}`);
      });
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await server?.close();
      await db?.close();
    });

    it('signs in as an owner and finds Imports and Map in the header', async () => {
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel('Email address').fill(owner.email);
      await page.getByLabel('Password').fill(owner.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => h1(page)).toBe('The NHS in England');
      const menu = page.getByRole('navigation', { name: 'Menu' });
      await menu.getByRole('link', { name: 'Map', exact: true }).waitFor();
      await menu.getByRole('link', { name: 'Imports' }).click();
      await page.waitForURL(/\/imports$/);
      await expect.poll(() => h1(page)).toBe('Imports');
      // The national reference the Atlas starts with is the first entry in the history.
      await table(page, 'Files imported')
        .getByRole('link', { name: /^nhs-england\.json/ })
        .first()
        .waitFor();
      await expectNoAxeViolations(page, 'the imports page');
      await screenshot(page, 'imports-0-empty');
    });

    it('refuses a file of the wrong import type with an error summary', async () => {
      await page
        .getByLabel('File to import')
        .setInputFiles(shared('population', 'practice_demographics_2026-01.csv'));
      await page.getByLabel('Import type').selectOption('ods');
      await page.getByRole('button', { name: 'Check the file' }).click();
      const summary = page.getByTestId('import-errors');
      await summary.waitFor();
      expect(await summary.textContent()).toMatch(
        /practice_demographics_2026-01\.csv: this is a practice_demographics file/,
      );
      expect(await page.title()).toBe('Error: Imports – Clinical Network Atlas');
      await expectNoAxeViolations(page, 'the imports page with an error');
      await screenshot(page, 'imports-1-error');
    });

    it('checks the trust file in a dry run and shows what it would change', async () => {
      await page.getByLabel('File to import').setInputFiles(shared('ods', 'etr_2026-06.csv'));
      await page.getByLabel('Import type').selectOption('ods');
      expect(await page.getByLabel('Dry run', { exact: true }).isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Check the file' }).click();
      const result = page.getByTestId('import-result');
      await result.waitFor();
      await result.getByRole('heading', { name: /^Dry run of etr_2026-06\.csv/ }).waitFor();
      await result.getByText('Dry run: nothing was written').first().waitFor();
      const read = result.locator('.nhsuk-summary-list__row', { hasText: 'Rows read' });
      expect(Number((await read.locator('dd').textContent())?.replaceAll(',', ''))).toBeGreaterThan(100);
      expect(await page.getByTestId('import-errors').count()).toBe(0);
      // A dry run writes nothing, so the history does not list it.
      expect(
        await table(page, 'Files imported')
          .getByRole('link', { name: /^etr_2026-06\.csv/ })
          .count(),
      ).toBe(0);
      await expectNoAxeViolations(page, 'a dry-run report');
      await screenshot(page, 'imports-2-dry-run');
    });

    it('imports the GP practice file and lists it in the history with its report', async () => {
      await page.getByLabel('File to import').setInputFiles(shared('ods', 'epraccur_2026-02.csv'));
      await page.getByLabel('Dry run', { exact: true }).uncheck();
      await page.getByRole('button', { name: 'Import the file' }).click();
      const result = page.getByTestId('import-result');
      await result
        .getByRole('heading', { name: /^Report for epraccur_2026-02\.csv/ })
        .waitFor({ timeout: 30_000 });
      const changes = table(page, /^Changes/);
      await changes.locator('tbody tr').first().waitFor();
      // Thousands of practices open: the first rows are shown, with a button for the rest.
      expect(await changes.locator('tbody tr').count()).toBe(50);
      await result.getByRole('button', { name: /^Show all [\d,]+ changes/ }).waitFor();
      const history = table(page, 'Files imported');
      const link = history.getByRole('link', { name: /^epraccur_2026-02\.csv/ });
      await link.waitFor();
      await expectNoAxeViolations(page, 'an import report');
      await screenshot(page, 'imports-3-imported');

      await link.click();
      await page.waitForURL(/\/imports\/\d+$/);
      await expect.poll(() => h1(page)).toBe('epraccur_2026-02.csv');
      await table(page, /^Changes/)
        .locator('tbody tr')
        .first()
        .waitFor();
      await expectNoAxeViolations(page, 'a stored import report');
      await screenshot(page, 'imports-4-report');
    });

    it('shows a practice’s history, and a long list of practices a page at a time', async () => {
      await page.goto(`${server.url}/organisations/A81001`);
      await expect.poll(() => h1(page)).toMatch(/Densham Surgery/i);
      const history = page.getByTestId('organisation-history');
      await history.getByRole('link', { name: 'epraccur_2026-02.csv' }).first().waitFor();
      expect(await history.getByText('Opened').count()).toBeGreaterThan(0);
      await expectNoAxeViolations(page, 'a practice page with its history');
      await screenshot(page, 'imports-5-practice-history');
      await partShot(history, 'imports-5b-history-part');

      // South East London's sub-ICB location has about 200 practices: the first 50, then all on request.
      await page.goto(`${server.url}/organisations/72Q`);
      const practices = table(page, 'GP practices');
      await practices.locator('tbody tr').first().waitFor();
      expect(await practices.locator('tbody tr').count()).toBe(50);
      await page.getByRole('button', { name: /^Show all [\d,]+ GP practices/ }).click();
      await expect.poll(() => practices.locator('tbody tr').count()).toBeGreaterThan(150);
      await expectNoAxeViolations(page, 'a sub-ICB location with all its practices');
    });

    it('imports boundaries and list sizes, and draws the map with its table', async () => {
      await page.goto(`${server.url}/imports`);
      await expect.poll(() => h1(page)).toBe('Imports');
      await page.getByLabel('Dry run', { exact: true }).uncheck();
      await page.getByLabel('Import type').selectOption('geography');
      await page
        .getByLabel('File to import')
        .setInputFiles(shared('geography', 'sicbl24_boundaries_derived.geojson'));
      await page.getByRole('button', { name: 'Import the file' }).click();
      const result = page.getByTestId('import-result');
      await result.getByRole('heading', { name: /^Report for sicbl24_boundaries_derived\.geojson/ }).waitFor({
        timeout: 30_000,
      });

      await page.getByLabel('Import type').selectOption('deprivation');
      await page
        .getByLabel('File to import')
        .setInputFiles(shared('population', 'practice_demographics_2026-01.csv'));
      await page.getByRole('button', { name: 'Import the file' }).click();
      await result
        .getByRole('heading', { name: /^Report for practice_demographics_2026-01\.csv/ })
        .waitFor({ timeout: 30_000 });
      const history = table(page, 'Files imported');
      await history.getByRole('link', { name: /^practice_demographics_2026-01\.csv/ }).waitFor();

      // The map opens from the header on its default measure: IMD weighted by registered patients.
      await page.getByRole('link', { name: 'Map', exact: true }).click();
      await expect.poll(() => h1(page)).toBe('Map of sub-ICB locations');
      const map = page.getByTestId('map');
      await map.waitFor();
      expect(await map.locator('a').count()).toBe(106);
      const first = map.locator('a').first();
      expect(await first.getAttribute('href')).toMatch(/^\/organisations\/[A-Z0-9]+(\?|$)/);
      expect(await first.locator('title').textContent()).toMatch(/^.+: ([\d,.]+|no data)$/);
      const rows = page.getByTestId('map-table').locator('tbody tr');
      expect(await rows.count()).toBe(106);
      await page.getByTestId('map-legend').waitFor();
      expect(await page.getByTestId('map-count').textContent()).toMatch(
        /^106 sub-ICB locations in \d+ integrated care boards/,
      );
      await expectNoAxeViolations(page, 'the map');
      await screenshot(page, 'imports-6-map');
      await partShot(page.locator('main .nhsuk-grid-row').first(), 'imports-6b-map-part');

      // Keyboard: an area is a link that takes focus and says its value.
      await first.focus();
      await expect.poll(() => page.getByTestId('map-detail').textContent()).toMatch(/: ([\d,.]+|no data)$/);

      // The table sorts by its headers, and the measure changes with the form.
      await page.getByRole('button', { name: /^Sub-ICB location/ }).click();
      expect(await page.locator('th[aria-sort="ascending"]').count()).toBe(1);
      await page.getByLabel('Measure', { exact: true }).selectOption('deprived_share');
      await page.getByRole('button', { name: 'Show this measure' }).click();
      await page.waitForURL(/measure=deprived_share/);
      await page
        .getByTestId('map-legend')
        .getByText(/most deprived fifth/i)
        .waitFor();
      await expect.poll(() => map.locator('a').count()).toBe(106);
      await expectNoAxeViolations(page, 'the map of the most deprived fifth');
      await screenshot(page, 'imports-7-map-deprived-share');

      // The practice now has its deprivation and size.
      await page.goto(`${server.url}/organisations/A81001`);
      const deprivation = page.getByTestId('deprivation');
      await deprivation.getByText('Registered patients').waitFor();
      await expectNoAxeViolations(page, 'a practice page with its deprivation and size');
      await partShot(deprivation, 'imports-8-practice-deprivation');
    });

    it('raised no script errors or CSP refusals on the way', () => {
      expect(problems).toEqual([]);
    });
  },
);
