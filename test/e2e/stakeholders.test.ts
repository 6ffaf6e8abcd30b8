import fs from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { runDemo } from '../../src/demo/write.ts';
import { startServer } from '../../src/server/serve.ts';
import type { Db } from '../../src/storage/db.ts';
import { buildMember } from '../support/auth.ts';
import { freshDb } from '../support/db.ts';
import { CHROMIUM, CHROMIUM_ARGS, expectNoAxeViolations, screenshot } from './browser.ts';
import { ensureWebBuilt } from './web-build.ts';

const haveChromium = fs.existsSync(CHROMIUM);

const ICB = { code: 'QYG', name: 'NHS Cheshire and Merseyside Integrated Care Board' };

interface ApiNode {
  id: string;
  name: string;
  kind: string;
  professions: string[];
  influence: number;
}

/** Watches a page for script errors and CSP refusals. */
function watch(page: Page, problems: string[]): void {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
}

async function h1(page: Page): Promise<string | null> {
  return page.getByRole('heading', { level: 1 }).textContent();
}

/** The table whose caption starts with `caption`. */
function table(within: Page | Locator, caption: string): Locator {
  const page = 'page' in within && typeof within.page === 'function' ? within.page() : (within as Page);
  return within.locator('table', { has: page.locator('caption', { hasText: caption }) });
}

/** The percentages of an explanation table's "Share of the score" column. */
async function shares(reasons: Locator): Promise<number[]> {
  const cells = await reasons.locator('tbody tr td:last-child').allTextContents();
  return cells.map((c) => Number(c.replace('%', '')));
}

/** The pharmacists of the ICB's graph as the API gives it, most influential first. */
async function pharmacistsByInfluence(page: Page): Promise<ApiNode[]> {
  const graph = await page.evaluate(async (code) => {
    const r = await fetch(`/api/v1/analysis/graph?scope=${code}&format=json`);
    return (await r.json()) as { nodes: ApiNode[] };
  }, ICB.code);
  return graph.nodes
    .filter((n) => n.kind === 'person' && n.professions.includes('pharmacist'))
    .sort((a, b) => b.influence - a.influence || (a.id < b.id ? -1 : 1));
}

describe.skipIf(!haveChromium)('browser journey: the stakeholder map of an ICB', () => {
  let db: Db;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let member: { email: string; password: string };
  let top: ApiNode;

  beforeAll(async () => {
    const webDir = ensureWebBuilt();
    db = await freshDb();
    const m = await buildMember(db, systemClock, { role: 'editor', workspace: 'Mersey stakeholder team' });
    member = m;
    // Fictional people, posts, seats and ties across the ICB, from the demo generator.
    const now = systemClock.now();
    const demo = await runDemo(db, {
      workspaceId: m.workspaceId,
      seed: 1,
      scale: 'small',
      icb: ICB.code,
      today: now.toISOString().slice(0, 10),
      actor: { at: now, actorId: null, actorEmail: 'e2e', userAgent: 'e2e' },
    });
    expect(demo.people).toBeGreaterThan(20);
    server = await startServer({ db, webDir });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  it('signs in and finds the stakeholder map in the menu, asking what to map', async () => {
    await page.goto(`${server.url}/sign-in?next=%2Fstakeholders`);
    await expect.poll(() => h1(page)).toBe('Sign in');
    watch(page, problems);
    await page.getByLabel('Email address').fill(member.email);
    await page.getByLabel('Password').fill(member.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/stakeholders$/);
    await expect.poll(() => h1(page)).toBe('Stakeholder map');
    const menu = page.getByRole('navigation', { name: 'Menu' });
    expect(await menu.getByRole('link', { name: 'Stakeholder map' }).getAttribute('aria-current')).toBe(
      'page',
    );
    // Nothing is drawn until a scope is chosen.
    await page.getByText('Choose an integrated care board, a place or a network').waitFor();
    expect(await page.locator('.app-stakeholder-map').count()).toBe(0);
    await expectNoAxeViolations(page, 'the stakeholder map before a scope is chosen');
  });

  it('opens the map for the ICB, drawn in level bands', async () => {
    await page.getByLabel('What to map').pressSequentially('Cheshire and Mers', { delay: 30 });
    const choice = page.getByRole('button', { name: new RegExp(`^${ICB.name}`) });
    await choice.first().click();
    await page.waitForURL(/\/stakeholders\?scope=QYG$/);
    const summary = page.getByTestId('map-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toContain(ICB.name);
    const map = page.getByRole('img', { name: /^Stakeholder map of NHS Cheshire and Merseyside/ });
    await expect.poll(() => map.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    expect(await map.locator('canvas').count()).toBeGreaterThan(0);
    const bands = await page
      .getByRole('list', { name: 'Levels, top to bottom' })
      .locator('li')
      .allTextContents();
    // The ICS's own level and its neighbours, labelled top to bottom.
    expect(bands).toContain('System (ICS)');
    expect(bands.length).toBeGreaterThan(2);
    console.log(`[e2e] bands: ${bands.join(', ')}`);
    // The rankings beside the map, each downloadable.
    await table(page, 'Most influential people shown').waitFor();
    await table(page, 'Communities').waitFor();
    await table(page, 'Persona coverage').waitFor();
    expect(await table(page, 'Communities').locator('caption').textContent()).toMatch(/modularity 0\.\d{3}/);
    expect(
      await page.getByRole('button', { name: /^Download CSV of most influential people shown/ }).count(),
    ).toBe(1);
    await expectNoAxeViolations(page, 'the stakeholder map of an ICB');
    await screenshot(page, 'stakeholders-1-icb');
  });

  it('filters to pharmacists, and the ranking lists only them, most influential first', async () => {
    const before = await page.getByTestId('map-shown').textContent();
    await page.getByLabel('Profession', { exact: true }).selectOption('pharmacist');
    await expect.poll(() => page.getByTestId('map-shown').textContent()).not.toBe(before);
    const expected = await pharmacistsByInfluence(page);
    expect(expected.length).toBeGreaterThan(0);
    top = expected[0]!;
    const rows = table(page, 'Most influential people shown').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(Math.min(50, expected.length));
    const professions = await rows.locator('td:nth-child(2)').allTextContents();
    for (const p of professions) expect(p).toContain('Pharmacist');
    const names = await rows.locator('th').allTextContents();
    expect(names.map((n) => n.replace(' (show on the map)', ''))).toEqual(
      expected.slice(0, 50).map((n) => n.name),
    );
    expect(await page.getByTestId('map-shown').textContent()).toContain(`(${expected.length} people)`);
  });

  it('clicks the most influential pharmacist: selected on the map, with why in its panel', async () => {
    const first = table(page, 'Most influential people shown').locator('tbody tr').first();
    await first.getByRole('button', { name: new RegExp(`^${top.name}`) }).click();
    const map = page.getByRole('img', { name: /^Stakeholder map of/ });
    await expect.poll(() => map.getAttribute('data-selected')).toBe(top.id);
    const panel = page.locator('section', { has: page.locator('#stakeholder-panel-heading') });
    await expect.poll(() => panel.locator('h2').textContent()).toBe(top.name);
    // The panel's heading has focus: a keyboard user lands on it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('stakeholder-panel-heading');
    expect(await panel.getByRole('link', { name: `Open the page of ${top.name}` }).getAttribute('href')).toBe(
      `/people/${top.id.slice('person:'.length)}`,
    );
    const reasons = table(panel, `Why ${top.name} is influential`);
    await reasons.waitFor();
    const percent = await shares(reasons);
    expect(percent.length).toBeGreaterThan(1);
    expect(Math.round(percent.reduce((s, x) => s + x, 0) * 10)).toBe(1000);
    // The same reasons as the API's, whose shares add to 1.
    const why = await page.evaluate(
      async (id) =>
        (await (await fetch(`/api/v1/analysis/explain/${id}?scope=QYG`)).json()) as {
          reasons: { text: string; share: number }[];
        },
      top.id,
    );
    expect(why.reasons.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 9);
    const texts = await reasons.locator('tbody tr th').allTextContents();
    expect(texts).toEqual(why.reasons.map((r) => r.text));
    for (const [i, r] of why.reasons.entries())
      expect(Math.abs(percent[i]! - r.share * 100)).toBeLessThan(0.11);
    await expectNoAxeViolations(page, 'the stakeholder map with a pharmacist selected');
    await screenshot(page, 'stakeholders-2-why');
  });

  it('finds someone by name from the keyboard and focuses them on the map', async () => {
    const target = (await pharmacistsByInfluence(page))[1] ?? top;
    const find = page.getByLabel('Find on the map');
    await find.focus();
    await page.keyboard.type(target.name.slice(0, 8), { delay: 20 });
    await page.getByRole('list', { name: 'Matching nodes' }).getByRole('button').first().waitFor();
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(
      () => document.activeElement?.querySelector('.app-finder__name')?.textContent ?? '',
    );
    await page.keyboard.press('Enter');
    const map = page.getByRole('img', { name: /^Stakeholder map of/ });
    const selected = await map.getAttribute('data-selected');
    expect(selected).not.toBe('');
    await expect
      .poll(() => page.locator('#stakeholder-panel-heading').textContent())
      .toBe(focused.replace(/(Person|Organisation|Network)$/, ''));
  });

  it('shows why on the person page, and links the ICB to its map', async () => {
    await page.goto(`${server.url}/people/${top.id.slice('person:'.length)}`);
    await page.getByRole('heading', { name: 'Why influential', level: 2 }).waitFor();
    const reasons = table(page, `What ${top.name}’s influence comes from`);
    await reasons.waitFor();
    const percent = await shares(reasons);
    expect(Math.round(percent.reduce((s, x) => s + x, 0) * 10)).toBe(1000);
    await expectNoAxeViolations(page, 'a person page with why they are influential');

    await page.goto(`${server.url}/organisations/${ICB.code}`);
    await expect.poll(() => h1(page)).toContain(ICB.name);
    await page
      .getByRole('main')
      .getByRole('link', { name: /^Stakeholder map/ })
      .click();
    await page.waitForURL(/\/stakeholders\?scope=QYG$/);
    await page.getByTestId('map-summary').waitFor({ timeout: 60_000 });
  });

  it('moves through time with the month slider, recomputing the map', async () => {
    const slider = page.getByLabel('Month');
    await slider.focus();
    await page.keyboard.press('Home');
    await page.waitForURL(/at=\d{4}-\d{2}-01/);
    const at = new URL(page.url()).searchParams.get('at') ?? '';
    await expect
      .poll(() => page.getByTestId('map-summary').textContent(), { timeout: 60_000 })
      .toContain(
        new Date(`${at}T00:00:00Z`).toLocaleDateString('en-GB', {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        }),
      );
    await screenshot(page, 'stakeholders-3-earlier');
  });

  it('without WebGL, says so and still lists everyone, and a row still opens the panel', async () => {
    const plain = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    try {
      // A browser with no WebGL: every request for a WebGL context fails.
      await plain.addInitScript(() => {
        const original = HTMLCanvasElement.prototype.getContext;
        HTMLCanvasElement.prototype.getContext = function (
          this: HTMLCanvasElement,
          kind: string,
          ...rest: unknown[]
        ) {
          if (kind.includes('webgl')) return null;
          return (original as (...a: unknown[]) => unknown).call(this, kind, ...rest);
        } as typeof original;
      });
      await plain.addCookies(await context.cookies());
      const p = await plain.newPage();
      watch(p, problems);
      await p.goto(`${server.url}/stakeholders?scope=${ICB.code}`);
      await p.getByTestId('map-unavailable').waitFor({ timeout: 60_000 });
      expect(await p.locator('.app-stakeholder-map canvas').count()).toBe(0);
      const first = table(p, 'Most influential people shown').locator('tbody tr').first();
      await first.getByRole('button').click();
      await p.locator('#stakeholder-panel-heading').waitFor();
      await table(p, 'Why ').waitFor();
      await expectNoAxeViolations(p, 'the stakeholder map without WebGL');
    } finally {
      await plain.close();
    }
  });

  it('links to the influence weights, which an editor may read but not change', async () => {
    await page.goto(`${server.url}/stakeholders`);
    await page.getByRole('link', { name: 'influence weights' }).click();
    await page.waitForURL(/\/stakeholders\/weights$/);
    await expect.poll(() => h1(page)).toBe('Influence weights');
    await page.getByText('Only an owner of the workspace can change the weights.').waitFor();
    // every weight is listed with its default; nothing is editable for an editor
    const body = await page.locator('main').textContent();
    expect(body).toContain('Knows');
    expect(await page.getByRole('button', { name: 'Save weights' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'the influence weights, read only');
  });

  it('raised no script errors or CSP refusals on the way', () => {
    expect(problems).toEqual([]);
  });
});
