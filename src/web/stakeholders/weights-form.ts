import type { z } from 'zod';
import type { Weights } from '../../shared/analysis-schemas.ts';

/** The weights page's pure parts: input ids, reading what was typed, the overrides to send. */

export type WeightsData = z.infer<typeof Weights>;
export type WeightRow = WeightsData['weights'][number];

/** The input of a weight: `weight-edge-knows`. */
export const inputId = (path: string): string => `weight-${path.replace(/[._]/g, '-')}`;

/** A weight named for people, with its group: "Knows (ties)". */
export function weightName(row: WeightRow, groups: WeightsData['groups']): string {
  const title = groups.find((g) => g.group === row.group)?.title ?? row.group;
  return `${row.label} (${title.toLowerCase()})`;
}

/** What a weight may be, in words: "from 0 to 100" or "more than 0 and at most 100". */
export function rangeText(row: Pick<WeightRow, 'min' | 'max' | 'min_exclusive'>): string {
  return row.min_exclusive ? `more than ${row.min} and at most ${row.max}` : `from ${row.min} to ${row.max}`;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** The number typed for a weight, or the problem with it (a sentence naming the weight). */
export function readWeight(
  text: string,
  row: WeightRow,
  name: string,
): { value: number } | { problem: string } {
  const t = text.trim();
  if (t === '')
    return { problem: `Enter a weight for ${name}, ${rangeText(row)} (the default is ${row.default})` };
  if (!NUMBER.test(t)) return { problem: `The weight for ${name} must be a number, like ${row.default}` };
  const value = Number(t);
  const low = row.min_exclusive ? value <= row.min : value < row.min;
  if (low || value > row.max) return { problem: `The weight for ${name} must be ${rangeText(row)}` };
  return { value };
}

/** The typed values, one per weight path, as first shown: the workspace's current weights. */
export function draftsOf(data: WeightsData): Record<string, string> {
  return Object.fromEntries(data.weights.map((w) => [w.path, String(w.value)]));
}

/**
 * What the form would send: the overrides (only the weights that differ from their defaults, in the
 * shape the API takes: `{"edge": {"knows": 1.2}, "damping": 0.9}`), or the problems, each against its
 * input.
 */
export function overridesOf(
  data: WeightsData,
  drafts: Record<string, string>,
):
  | { ok: true; overrides: Record<string, number | Record<string, number>>; changed: number }
  | { ok: false; problems: { id: string; message: string }[] } {
  const problems: { id: string; message: string }[] = [];
  const overrides: Record<string, number | Record<string, number>> = {};
  let changed = 0;
  for (const row of data.weights) {
    const read = readWeight(drafts[row.path] ?? String(row.value), row, weightName(row, data.groups));
    if ('problem' in read) {
      problems.push({ id: inputId(row.path), message: read.problem });
      continue;
    }
    if (read.value !== row.value) changed++;
    if (read.value === row.default) continue;
    const [group, key] = row.path.split('.') as [string, string | undefined];
    if (key === undefined) overrides[group] = read.value;
    else
      overrides[group] = {
        ...((overrides[group] as Record<string, number> | undefined) ?? {}),
        [key]: read.value,
      };
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, overrides, changed };
}

/** The API's field names (`overrides.edge.knows`) → [input id, name], so its errors show at their inputs. */
export function apiFields(data: WeightsData): Record<string, [string, string]> {
  return Object.fromEntries(
    data.weights.map((w) => [`overrides.${w.path}`, [inputId(w.path), weightName(w, data.groups)]]),
  );
}
