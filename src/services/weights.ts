import { DEFAULT_WEIGHTS, type InfluenceWeights } from '../analysis/model.ts';
import {
  changedWeights,
  checkOverrides,
  describeWeights,
  effectiveWeights,
  storedOverrides,
  WEIGHT_GROUPS,
  type WeightInfo,
  type WeightOverrides,
} from '../analysis/weights.ts';
import { DomainError } from '../core/errors.ts';
import { appendAudit } from '../storage/audit-repo.ts';
import type { Queryable } from '../storage/db.ts';
import { readWeightsRow, writeWeightsRow } from '../storage/weights-repo.ts';
import type { Actor } from './people-audit.ts';

/** A workspace's influence weights, as GET /api/v1/analysis/weights and `atlas analyse weights --json` give them. */
export interface WeightsView {
  defaults: InfluenceWeights;
  /** only the weights that differ from the defaults */
  overrides: WeightOverrides;
  /** the weights every score of the workspace is computed with */
  effective: InfluenceWeights;
  /** the groups of weights in the order they are listed, each with a heading and what it does */
  groups: { group: string; title: string; summary: string }[];
  weights: WeightInfo[];
  /** 0 when the workspace has never set its weights; send it back to change them */
  version: number;
  updated_at: string | null;
}

/** The effective weights of a workspace (null: reference data only, the defaults). Inside its transaction. */
export async function workspaceWeights(q: Queryable, workspaceId: number | null): Promise<InfluenceWeights> {
  if (workspaceId === null) return DEFAULT_WEIGHTS;
  const row = await readWeightsRow(q, workspaceId);
  return effectiveWeights(storedOverrides(row?.overrides));
}

/** The workspace's weights: defaults, overrides, effective values, every weight described, version. */
export async function readWeights(q: Queryable, workspaceId: number): Promise<WeightsView> {
  const row = await readWeightsRow(q, workspaceId);
  const overrides = storedOverrides(row?.overrides);
  return {
    defaults: DEFAULT_WEIGHTS,
    overrides,
    effective: effectiveWeights(overrides),
    groups: WEIGHT_GROUPS.map((g) => ({ ...g })),
    weights: describeWeights(overrides),
    version: row?.version ?? 0,
    updated_at: row?.updated_at ?? null,
  };
}

/**
 * Replaces the workspace's overrides (checked: 400 naming the field) if they are still at `version`
 * (409 otherwise), and audits the weights that changed with their old and new values. Weights are not
 * personal data, so the values go in the entry's details. Sending what is already held changes nothing.
 * Inside the workspace's transaction.
 */
export async function setWeights(
  q: Queryable,
  actor: Actor,
  overrides: unknown,
  version: number,
  action: 'analysis.weights_changed' | 'analysis.weights_reset' = 'analysis.weights_changed',
): Promise<WeightsView> {
  const checked = checkOverrides(overrides);
  if (!checked.ok) {
    const errors = checked.errors.map((e) => ({ field: `overrides.${e.field}`, message: e.message }));
    throw new DomainError('invalid', `${errors[0]!.field}: ${errors[0]!.message}`, { errors });
  }
  const before = await readWeights(q, actor.workspaceId);
  if (before.version !== version) {
    throw new DomainError(
      'conflict',
      `someone else changed the weights (they are at version ${before.version}, you sent ${version}): read them again`,
      { errors: [{ field: 'version', message: 'someone else changed the weights: read them again' }] },
    );
  }
  const after = effectiveWeights(checked.overrides);
  const changed = changedWeights(before.effective, after);
  if (changed.length === 0) return before;
  const written = await writeWeightsRow(q, actor.workspaceId, checked.overrides, version, {
    userId: actor.actorId,
    at: actor.at,
  });
  if (written === null) {
    throw new DomainError(
      'conflict',
      'someone else changed the weights at the same moment: read them again',
      {
        errors: [{ field: 'version', message: 'someone else changed the weights: read them again' }],
      },
    );
  }
  await appendAudit(q, {
    at: actor.at,
    workspaceId: actor.workspaceId,
    actorId: actor.actorId,
    actorEmail: actor.actorEmail,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    action,
    targetType: 'influence_weights',
    targetId: actor.workspaceId,
    details: { version: written, weights: changed.map((c) => c.weight), changed },
  });
  return readWeights(q, actor.workspaceId);
}

/** Puts the workspace back on the default weights (audited), if still at `version`. */
export function resetWeights(q: Queryable, actor: Actor, version: number): Promise<WeightsView> {
  return setWeights(q, actor, {}, version, 'analysis.weights_reset');
}
