import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS } from '../../analysis/model.ts';
import {
  describeWeights,
  effectiveWeights,
  WEIGHT_GROUPS,
  type WeightOverrides,
} from '../../analysis/weights.ts';
import { matchRoute, STAKEHOLDER_WEIGHTS_HREF } from '../lib/routes.ts';
import {
  apiFields,
  draftsOf,
  inputId,
  overridesOf,
  readWeight,
  type WeightsData,
  weightName,
} from './weights-form.ts';

/** The weights as the API answers them for a workspace with `overrides`. */
function dataWith(overrides: WeightOverrides): WeightsData {
  return {
    defaults: DEFAULT_WEIGHTS,
    overrides: overrides as WeightsData['overrides'],
    effective: effectiveWeights(overrides),
    groups: WEIGHT_GROUPS.map((g) => ({ ...g })),
    weights: describeWeights(overrides),
    version: 3,
    updated_at: null,
  };
}

describe('the weights page', () => {
  it('has its own address in the stakeholder map', () => {
    expect(matchRoute(STAKEHOLDER_WEIGHTS_HREF)).toEqual({ page: 'stakeholder_weights' });
    expect(matchRoute('/stakeholders/weights/')).toEqual({ page: 'stakeholder_weights' });
  });

  it('sends only the weights that differ from the defaults, in the shape the API takes', () => {
    const data = dataWith({ edge: { knows: 1.2 } });
    const drafts = { ...draftsOf(data), 'edge.seat': '0.5', damping: ' 0.9 ', 'edge.knows': '1.2' };
    expect(overridesOf(data, drafts)).toEqual({
      ok: true,
      overrides: { damping: 0.9, edge: { seat: 0.5, knows: 1.2 } },
      changed: 2,
    });
    // a relationship may be left out (0); a seat may not
    expect(overridesOf(data, { ...draftsOf(data), 'edge.knows': '0' })).toMatchObject({
      ok: true,
      overrides: { edge: { knows: 0 } },
    });
    expect(overridesOf(data, { ...draftsOf(data), 'edge.seat': '0' })).toEqual({
      ok: false,
      problems: [
        { id: 'weight-edge-seat', message: 'The weight for Seat (ties) must be more than 0 and at most 100' },
      ],
    });
    // typing the default back drops the override
    expect(overridesOf(data, { ...draftsOf(data), 'edge.knows': '0.3' })).toEqual({
      ok: true,
      overrides: {},
      changed: 1,
    });
  });

  it('names the weight and its range in every problem, against its input', () => {
    const data = dataWith({});
    const r = overridesOf(data, {
      ...draftsOf(data),
      damping: '1.2',
      'teleport.system': '0',
      'edge.knows': 'lots',
      'role.chair': '',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { id: 'weight-damping', message: 'The weight for Damping (the flow) must be from 0.5 to 0.95' },
      { id: 'weight-edge-knows', message: 'The weight for Knows (ties) must be a number, like 0.3' },
      {
        id: 'weight-role-chair',
        message:
          'Enter a weight for Chair (roles in a network), more than 0 and at most 100 (the default is 5)',
      },
      {
        id: 'weight-teleport-system',
        message: 'The weight for System (ICS) (restart by level) must be more than 0 and at most 100',
      },
    ]);
  });

  it('reads decimals people type, and refuses what is not a number', () => {
    const row = dataWith({}).weights.find((w) => w.path === 'edge.knows')!;
    expect(readWeight('.5', row, 'Knows')).toEqual({ value: 0.5 });
    expect(readWeight('2.', row, 'Knows')).toEqual({ value: 2 });
    expect(readWeight('1e3', row, 'Knows')).toHaveProperty('problem');
    expect(readWeight('0x10', row, 'Knows')).toHaveProperty('problem');
    expect(readWeight('-0.1', row, 'Knows')).toEqual({
      problem: 'The weight for Knows must be from 0 to 100',
    });
  });

  it("maps the API's field errors to the inputs", () => {
    const data = dataWith({});
    const fields = apiFields(data);
    const knows = data.weights.find((w) => w.path === 'edge.knows')!;
    expect(fields['overrides.edge.knows']).toEqual([inputId('edge.knows'), weightName(knows, data.groups)]);
    expect(Object.keys(fields)).toHaveLength(data.weights.length);
    expect(new Set(Object.values(fields).map(([id]) => id)).size).toBe(data.weights.length);
  });
});
