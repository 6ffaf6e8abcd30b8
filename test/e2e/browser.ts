import fs from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PROJECT_ROOT } from './web-build.ts';

/** Debian's Chromium: a test tool's own browser download does not work on these machines. */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The WCAG 2.2 AA rule sets the Atlas is held to. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs axe-core on the page as it is now and fails, listing each problem, on any WCAG 2.2 AA violation. */
export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  // evaluate() runs through the DevTools protocol, so the page's CSP (no inline script) does not stop it.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async (tags) => {
    const w = window as unknown as { axe: typeof axe };
    const result = await w.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target as unknown[], failureSummary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
  if (violations.length > 0) {
    const report = (violations as AxeViolation[])
      .map(
        (v) =>
          `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes
            .slice(0, 5)
            .map((n) => `    ${JSON.stringify(n.target)}: ${n.failureSummary?.replaceAll('\n', ' ') ?? ''}`)
            .join('\n')}`,
      )
      .join('\n');
    console.error(`[e2e] axe found ${violations.length} violation(s) on ${what}:\n${report}`);
  }
  expect(
    violations.map((v) => v.id),
    `axe violations on ${what}`,
  ).toEqual([]);
}

/** Saves a full-page screenshot to scratch/ (git-ignored) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(PROJECT_ROOT, 'scratch', 'e2e');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
