import fs from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { startServer } from '../../src/server/serve.ts';
import type { Db } from '../../src/storage/db.ts';
import { buildMember } from '../support/auth.ts';
import { freshDb } from '../support/db.ts';
import { CHROMIUM, CHROMIUM_ARGS, expectNoAxeViolations, screenshot } from './browser.ts';
import { ensureWebBuilt } from './web-build.ts';

const haveChromium = fs.existsSync(CHROMIUM);

/** A fictional person: no real name of a real person. */
const PERSON = {
  given: 'Imogen',
  family: 'Testfield',
  name: 'Dr Imogen Testfield',
  email: 'imogen.testfield@example.org',
};
const ICB = { code: 'QYG', name: 'NHS Cheshire and Merseyside Integrated Care Board' };
const ALLIANCE = { code: 'N68', name: 'Cheshire and Merseyside Cancer Alliance' };
/** A second fictional person, for ties and erasure. */
const OTHER = { given: 'Rowan', family: 'Sampleton', name: 'Rowan Sampleton' };
/** A third, who arrives by import. */
const IMPORTED = { given: 'Hollis', family: 'Specimen', name: 'Dr Hollis Specimen' };

/**
 * Watches a page for script errors and CSP refusals. The browser also logs each 4xx answer; 409 (a
 * stale edit) and 404 (the page of a person just erased) are ones this journey provokes on purpose.
 */
function watch(page: Page, problems: string[]): void {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/Failed to load resource: the server responded with a status of (404|409)\b/.test(m.text())) return;
    problems.push(`console error: ${m.text()}`);
  });
}

async function h1(page: Page): Promise<string | null> {
  return page.getByRole('heading', { level: 1 }).textContent();
}

/** A person page's heading: their name, then any tags (stale, do not contact). */
function titled(name: string): RegExp {
  return new RegExp(`^${name}( (Stale|Do not contact))*$`);
}

/** The table whose caption starts with `caption`. */
function table(page: Page | Locator, caption: string): Locator {
  return page.locator('table', { has: page.locator('caption', { hasText: caption }) });
}

/** Types into a picker and chooses the match whose name is `name`. */
async function pick(page: Page, label: string, typed: string, name: string): Promise<void> {
  const box = page.getByLabel(label, { exact: true });
  await box.pressSequentially(typed, { delay: 30 });
  const choice = page.getByRole('button', { name: new RegExp(`^${name}`) });
  await choice.first().waitFor();
  await choice.first().click();
  await page.getByText(`Chosen: ${name}`).waitFor();
}

describe.skipIf(!haveChromium)('browser journey: a person in their roles', () => {
  let db: Db;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let editor: { email: string; password: string };
  let admin: { email: string; password: string };
  let personId = 0;
  let otherId = 0;

  beforeAll(async () => {
    const webDir = ensureWebBuilt();
    db = await freshDb();
    editor = await buildMember(db, systemClock, { role: 'editor', workspace: 'North Coast people team' });
    admin = await buildMember(db, systemClock, { role: 'admin', workspace: 'North Coast people team' });
    server = await startServer({ db, webDir });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
      acceptDownloads: true,
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  it('signs in as a workspace editor and opens the empty people list', async () => {
    await page.goto(`${server.url}/sign-in?next=%2Fpeople`);
    await expect.poll(() => h1(page)).toBe('Sign in');
    watch(page, problems);
    await page.getByLabel('Email address').fill(editor.email);
    await page.getByLabel('Password').fill(editor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/people$/);
    await expect.poll(() => h1(page)).toBe('People');
    await page.getByText('No people recorded yet.').waitFor();
    const menu = page.getByRole('navigation', { name: 'Menu' });
    expect(await menu.getByRole('link', { name: 'People' }).getAttribute('aria-current')).toBe('page');
    await menu.getByRole('link', { name: 'Personas' }).waitFor();
    await expectNoAxeViolations(page, 'the empty people list');
    await screenshot(page, 'people-0-empty-list');
  });

  it('adds a person, after being told what the form is missing', async () => {
    await page.getByRole('link', { name: 'Add a person' }).click();
    await page.waitForURL(/\/people\/new$/);
    await expect.poll(() => h1(page)).toBe('Add a person');
    await page.getByRole('button', { name: 'Add person' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    expect(await summary.locator('li').allTextContents()).toEqual([
      'Enter their given name',
      'Enter their family name',
      'Enter where the details come from, for example a published board paper',
    ]);
    expect(await page.title()).toMatch(/^Error: Add a person/);
    await expectNoAxeViolations(page, 'the add-a-person form with errors');
    await screenshot(page, 'people-1-add-errors');

    await page.getByLabel('Title (optional)').fill('Dr');
    await page.getByLabel('Given name').fill(PERSON.given);
    await page.getByLabel('Family name').fill(PERSON.family);
    await page.getByLabel('Pharmacist', { exact: true }).check();
    await page.getByLabel('Work email address (optional)').fill(PERSON.email);
    await page.getByLabel('Source', { exact: true }).fill('Fictional record for the browser journey');
    await page.getByLabel('Lawful basis for holding them').selectOption('public_task');
    await page.getByLabel('Last verified (optional)').fill('2026-01-15');
    await page.getByRole('button', { name: 'Add person' }).click();
    await page.waitForURL(/\/people\/\d+$/);
    personId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(personId).toBeGreaterThan(0);
    await expect.poll(() => h1(page)).toMatch(titled(PERSON.name));
    const details = page.locator('section', { has: page.locator('#details-heading') });
    expect(await details.getByText('Public task').count()).toBe(1);
    expect(await details.getByText('15 January 2026').count()).toBe(1);
    expect(await page.locator('.nhsuk-caption-l').textContent()).toBe('Pharmacist');
    await page.getByRole('link', { name: PERSON.email }).waitFor();
  });

  it('gives them a post at an ICB and a seat in a Cancer Alliance', async () => {
    await page.getByRole('button', { name: 'Add a post' }).click();
    await pick(page, 'Organisation', 'Cheshire and Mers', ICB.name);
    await page.getByLabel('Job title').fill('Chief Pharmacist');
    await page.getByLabel('Persona (optional)').selectOption('ics_chief_pharmacist');
    await page.getByLabel('Start date', { exact: true }).fill('2024-04-01');
    await expectNoAxeViolations(page, 'the add-a-post form');
    await screenshot(page, 'people-2-add-post');
    await page.getByRole('button', { name: 'Add post' }).click();
    await page.getByText('The post Chief Pharmacist is added.').waitFor();
    const posts = table(page, 'Posts held');
    const row = posts.locator('tbody tr', { hasText: 'Chief Pharmacist' });
    await row.waitFor();
    expect(await row.getByRole('link', { name: ICB.name }).getAttribute('href')).toBe(
      `/organisations/${ICB.code}`,
    );
    expect(await row.getByText('ICS Chief Pharmacist').count()).toBe(1);
    expect(await row.getByText('System (ICS)').count()).toBe(1);
    expect(await row.getByText('Current').count()).toBe(1);

    await page.getByRole('button', { name: 'Add a network membership' }).click();
    await pick(page, 'Network', 'Cheshire and Merseyside Canc', ALLIANCE.name);
    await page.getByLabel('Role', { exact: true }).selectOption('clinical_lead');
    await page.getByLabel('Voting member').check();
    await page.getByRole('button', { name: 'Add a declaration' }).click();
    await page.getByLabel('Declaration 1: what was declared').fill('Speaker fees from a fictional company');
    await page.getByLabel('Declaration 1: date declared').fill('2025-05-01');
    await expectNoAxeViolations(page, 'the add-a-membership form');
    await page.getByRole('button', { name: 'Add membership' }).click();
    await page.getByText(`The membership of ${ALLIANCE.name} is added.`).waitFor();
    const seats = table(page, 'Networks they sit in');
    const seat = seats.locator('tbody tr', { hasText: ALLIANCE.name });
    await seat.waitFor();
    expect(await seat.getByText('Clinical lead (lead doctor)').count()).toBe(1);
    expect(await seat.getByText('Speaker fees from a fictional company', { exact: false }).count()).toBe(1);
    expect(await seat.locator('td').nth(1).textContent()).toBe('Yes');
    await expectNoAxeViolations(page, 'a person with a post and a membership');
    await screenshot(page, 'people-3-person');
  });

  it('says plainly when someone else changed the person first', async () => {
    await page.getByRole('link', { name: 'Change details' }).click();
    await page.waitForURL(/\/edit$/);
    await page.getByLabel('Specialty (optional)').fill('Medicines optimisation');
    // Meanwhile, another editor saves a change.
    const status = await page.evaluate(async (id) => {
      const me = await (await fetch('/api/v1/me')).json();
      const person = await (await fetch(`/api/v1/people/${id}`)).json();
      const r = await fetch(`/api/v1/people/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
        body: JSON.stringify({ phone: '0100 000 0000', version: person.version }),
      });
      return r.status;
    }, personId);
    expect(status).toBe(200);
    await page.getByRole('button', { name: 'Save changes' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('was changed by someone else since you opened it: reload');
    await expectNoAxeViolations(page, 'the edit form after a conflict');
    await screenshot(page, 'people-4-conflict');
    await page.getByRole('button', { name: 'Reload their details' }).click();
    await expect
      .poll(() => page.getByLabel('Work phone number (optional)').inputValue())
      .toBe('0100 000 0000');
    await page.getByLabel('Specialty (optional)').fill('Medicines optimisation');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(new RegExp(`/people/${personId}$`));
    await page.getByText('Medicines optimisation').waitFor();
  });

  it('shows them on the ICB’s people and the Cancer Alliance’s roster', async () => {
    await page.goto(`${server.url}/organisations/${ICB.code}`);
    await expect.poll(() => h1(page)).toContain(ICB.name);
    await page.getByRole('link', { name: PERSON.name }).first().waitFor();
    await expectNoAxeViolations(page, 'the ICB page with its people');
    await screenshot(page, 'people-5-icb-people');

    await page.goto(`${server.url}/networks/${ALLIANCE.code}`);
    await expect.poll(() => h1(page)).toContain(ALLIANCE.name);
    await page.getByRole('link', { name: PERSON.name }).first().waitFor();
    await expectNoAxeViolations(page, 'the Cancer Alliance with its roster');
    await screenshot(page, 'people-6-roster');
  });

  it('opens the subject access export and downloads it as JSON', async () => {
    await page.goto(`${server.url}/people/${personId}`);
    await page.getByRole('link', { name: 'Subject access export' }).click();
    await page.waitForURL(/\/subject-access$/);
    await expect.poll(() => h1(page)).toMatch(titled(PERSON.name));
    await table(page, 'Posts held').locator('tbody tr', { hasText: 'Chief Pharmacist' }).waitFor();
    await table(page, 'Memberships').locator('tbody tr', { hasText: ALLIANCE.name }).waitFor();
    expect(await table(page, 'Tables read').locator('tbody tr').count()).toBeGreaterThan(3);
    await expectNoAxeViolations(page, 'the subject access page');
    await screenshot(page, 'people-7-subject-access');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download JSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`subject-access-${personId}.json`);
    const sa = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    expect(sa.person).toMatchObject({
      id: personId,
      given_name: PERSON.given,
      family_name: PERSON.family,
      email: PERSON.email,
    });
    expect(
      sa.posts.map((p: { title: string; organisation: { code: string } }) => [p.title, p.organisation.code]),
    ).toEqual([['Chief Pharmacist', ICB.code]]);
    expect(
      sa.memberships.map((m: { network: { code: string }; role: string }) => [m.network.code, m.role]),
    ).toEqual([[ALLIANCE.code, 'clinical_lead']]);
  });

  it('finds them in the people list and exports them as CSV', async () => {
    await page.goto(`${server.url}/people`);
    await expect.poll(() => h1(page)).toBe('People');
    const people = table(page, 'People');
    const row = people.locator('tbody tr', { hasText: PERSON.name });
    await row.waitFor();
    expect(await row.getByText('Chief Pharmacist').count()).toBe(1);
    expect(await row.getByRole('link', { name: ICB.name }).count()).toBe(1);

    await page.getByLabel('Profession').selectOption('gp');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/profession=gp/);
    await page.getByText('No one matches these filters.').waitFor();
    await page.getByLabel('Profession').selectOption('pharmacist');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/profession=pharmacist/);
    await people.locator('tbody tr', { hasText: PERSON.name }).waitFor();
    await expectNoAxeViolations(page, 'the people list, filtered');
    await screenshot(page, 'people-8-list');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^Download CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.split(/\r?\n/).filter(Boolean);
    const ours = lines.filter((l) => l.includes(PERSON.family));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.some((l) => l.includes('Chief Pharmacist') && l.includes(ICB.code))).toBe(true);
    expect(ours[0]).toContain(PERSON.email);

    // Reopened from its address, the organisation filter names the organisation, not just its code.
    await page.goto(`${server.url}/people?organisation=${ICB.code}`);
    await people.locator('tbody tr', { hasText: PERSON.name }).waitFor();
    await page.getByText(`Chosen: ${ICB.name}`).waitFor();
    expect(await page.locator('#people-organisation').inputValue()).toBe(ICB.name);
  });

  it('ties them to another person, and the tie is editable from the other end', async () => {
    // A second person, added as another tool would through the API.
    otherId = await page.evaluate(
      async (body) => {
        const me = await (await fetch('/api/v1/me')).json();
        const r = await fetch('/api/v1/people', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
          body: JSON.stringify(body),
        });
        return (await r.json()).id as number;
      },
      { given_name: OTHER.given, family_name: OTHER.family, professions: ['manager'], source: 'Fictional' },
    );
    expect(otherId).toBeGreaterThan(personId);

    await page.goto(`${server.url}/people/${personId}`);
    await expect.poll(() => h1(page)).toMatch(titled(PERSON.name));
    await page.getByRole('button', { name: 'Add a relationship' }).click();
    await page.getByLabel('The tie').selectOption('in_person');
    await pick(page, 'Person', 'Sample', OTHER.name);
    await page.getByLabel('Kind of tie').selectOption('reports_to');
    await page.getByLabel('Strength').selectOption('4');
    await page.getByLabel('Evidence (optional)').fill('Named as line manager in a fictional organogram');
    await expectNoAxeViolations(page, 'the add-a-relationship form');
    await page.getByRole('button', { name: 'Add relationship' }).click();
    await page.getByText(`The tie with ${OTHER.name} is added.`).waitFor();
    const inward = table(page, `To ${PERSON.name}`).locator('tbody tr', { hasText: OTHER.name });
    await inward.waitFor();
    expect(await inward.getByText('Reports to', { exact: true }).count()).toBe(1);
    expect(await inward.getByText('4 of 5').count()).toBe(1);

    // From the other end: their page shows the tie going out, and can change it.
    await inward.getByRole('link', { name: OTHER.name }).click();
    await page.waitForURL(new RegExp(`/people/${otherId}$`));
    await expect.poll(() => h1(page)).toMatch(titled(OTHER.name));
    const outward = table(page, `From ${OTHER.name}`).locator('tbody tr', { hasText: PERSON.name });
    await outward.waitFor();
    await outward.getByRole('button', { name: /^Change/ }).click();
    await page.getByLabel('Strength').selectOption('5');
    await page.getByRole('button', { name: 'Save relationship' }).click();
    await page.getByText('The tie is saved.').waitFor();
    await table(page, `From ${OTHER.name}`).locator('tbody tr', { hasText: '5 of 5' }).waitFor();
    await expectNoAxeViolations(page, 'a person with a tie out');
    await screenshot(page, 'people-9-tie');
  });

  it('imports people from a file: a dry run that lists bad rows, then the import', async () => {
    await page.goto(`${server.url}/people/import`);
    await expect.poll(() => h1(page)).toBe('Import people');
    const header = await page.evaluate(
      async () =>
        (await (await fetch('/api/v1/people/template?format=csv')).text())
          .replace(/^\uFEFF/, '')
          .split(/\r?\n/)[0],
    );
    const columns = (header ?? '').split(',');
    expect(columns).toContain('given_name');
    const row = (values: Record<string, string>) => columns.map((c) => values[c] ?? '').join(',');
    const good: Record<string, string> = {
      honorific: 'Dr',
      given_name: IMPORTED.given,
      family_name: IMPORTED.family,
      professions: 'gp',
      source: 'Fictional import',
      lawful_basis: 'legitimate_interests',
      organisation_code: ICB.code,
      post_title: 'Clinical Director',
      post_valid_from: '2024-04-01',
    };
    const file = (name: string, rows: Record<string, string>[]) => ({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from([header, ...rows.map(row)].join('\r\n')),
    });

    await page
      .getByLabel('File to import')
      .setInputFiles(file('bad.csv', [{ ...good, professions: 'astronaut' }]));
    await page.getByRole('button', { name: 'Check the file' }).click();
    const report = page.getByTestId('people-import-report');
    await report.waitFor();
    const problems = table(page, 'Problems, row by row').locator('tbody tr');
    await problems.first().waitFor();
    expect(await problems.first().locator('th').textContent()).toBe('2');
    expect(await problems.first().textContent()).toContain('professions');
    expect(await page.getByRole('button', { name: 'Import the file' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'the people import with bad rows');
    await screenshot(page, 'people-10-import-errors');

    await page.getByLabel('File to import').setInputFiles(file('good.csv', [good]));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByText('The check found no problems').waitFor();
    await page.getByRole('button', { name: 'Import the file' }).click();
    await page.getByText('The import is done.').waitFor();
    expect(
      await report
        .locator('.nhsuk-summary-list__row', { hasText: 'People added' })
        .locator('dd')
        .textContent(),
    ).toBe('1');
    expect(
      await report
        .locator('.nhsuk-summary-list__row', { hasText: 'Posts added' })
        .locator('dd')
        .textContent(),
    ).toBe('1');
    await page.getByRole('link', { name: 'See the people' }).click();
    await table(page, 'People').locator('tbody tr', { hasText: IMPORTED.name }).waitFor();
  });

  it('lets an admin erase a person, after typing their id, and shows what went', async () => {
    const theirs = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    try {
      const them = await theirs.newPage();
      await them.goto(`${server.url}/sign-in?next=${encodeURIComponent(`/people/${otherId}`)}`);
      await expect.poll(() => h1(them)).toBe('Sign in');
      watch(them, problems);
      await them.getByLabel('Email address').fill(admin.email);
      await them.getByLabel('Password').fill(admin.password);
      await them.getByRole('button', { name: 'Sign in' }).click();
      await them.waitForURL(new RegExp(`/people/${otherId}$`));
      await expect.poll(() => h1(them)).toMatch(titled(OTHER.name));
      await them.getByRole('button', { name: 'Erase this person' }).click();
      await them.getByLabel(`To confirm, type their id: ${otherId}`).fill(String(personId));
      await them.getByRole('button', { name: `Erase ${OTHER.name}` }).click();
      const summary = them.locator('.nhsuk-error-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain(`Type ${otherId}, the id of ${OTHER.name}, to confirm`);
      await expectNoAxeViolations(them, 'the erasure confirmation with an error');
      await them.getByLabel(`To confirm, type their id: ${otherId}`).fill(String(otherId));
      await them.getByRole('button', { name: `Erase ${OTHER.name}` }).click();
      await expect.poll(() => h1(them)).toBe('Erased');
      const removed = table(them, 'What was removed');
      await removed.waitFor();
      const counts: Record<string, string | null> = {};
      for (const r of await removed.locator('tbody tr').all()) {
        counts[(await r.locator('th').textContent()) ?? ''] = await r.locator('td').textContent();
      }
      expect(counts.people).toBe('1');
      expect(counts.relationships).toBe('1');
      await expectNoAxeViolations(them, 'the erasure result');
      await screenshot(them, 'people-11-erased');

      // They are gone, and so is the tie from the other end.
      await them.goto(`${server.url}/people/${otherId}`);
      await expect.poll(() => h1(them)).toBe('Person not found');
      await them.goto(`${server.url}/people/${personId}`);
      await expect.poll(() => h1(them)).toMatch(titled(PERSON.name));
      await them.getByText(`No ties to ${PERSON.name} recorded.`).waitFor();
    } finally {
      await theirs.close();
    }
  });

  it('raised no script errors or CSP refusals on the way', () => {
    expect(problems).toEqual([]);
  });
});
