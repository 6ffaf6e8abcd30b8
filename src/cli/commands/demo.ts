import { loadConfig, withOverrides } from '../../config.ts';
import { systemClock } from '../../core/clock.ts';
import { DomainError, isDomainError } from '../../core/errors.ts';
import { DEMO_SCALES, type DemoScale } from '../../demo/generate.ts';
import { runDemo } from '../../demo/write.ts';
import { createLog } from '../../logger.ts';
import { openDatabase } from '../../services/open-database.ts';
import { workspaceService } from '../../services/workspaces.ts';
import { type Command, DATA_DIR, JSON_FLAG } from '../command.ts';

const CLI = { cli: true } as const;

/** The seed: a whole number from 0 to 2^32 - 1 (default 1). */
function parseSeed(v: string | boolean | undefined): number {
  if (v === undefined) return 1;
  const s = String(v).trim();
  const n = Number(s);
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(n) || n > 0xffffffff) {
    throw new DomainError('invalid', `--seed: "${s}" is not a whole number from 0 to 4294967295`);
  }
  return n;
}

export const demo: Command = {
  summary: 'Fill a workspace with fictional demo people, posts, network memberships and relationships',
  usage: 'atlas demo --workspace <name> [--scale small|national] [--seed N] [--icb CODE] [--json]',
  options: {
    workspace: { type: 'string', description: 'the workspace to fill (created if it does not exist)' },
    scale: {
      type: 'string',
      description: 'small: one ICB and what sits under it (default); national: every organisation',
    },
    seed: { type: 'string', description: 'the same seed gives the same people (default 1)' },
    icb: { type: 'string', description: 'small scale: the ICB code (default: the first open ICB by code)' },
    json: JSON_FLAG,
    'data-dir': DATA_DIR,
  },
  async run(v, _p, io) {
    const name = typeof v.workspace === 'string' ? v.workspace.trim() : '';
    if (!name) throw new DomainError('invalid', '--workspace is required');
    const scale = ((v.scale as string | undefined) ?? 'small') as DemoScale;
    if (!DEMO_SCALES.includes(scale)) {
      throw new DomainError('invalid', `--scale: "${v.scale}" is not one of ${DEMO_SCALES.join(', ')}`);
    }
    const seed = parseSeed(v.seed);
    const icb = typeof v.icb === 'string' ? v.icb.trim() : undefined;
    if (icb !== undefined && scale !== 'small') {
      throw new DomainError('invalid', '--icb: applies to --scale small only');
    }
    const config = withOverrides(loadConfig(), { dataDir: v['data-dir'] as string | undefined });
    const db = await openDatabase(config, createLog('warn'), { handleSignals: true });
    try {
      const service = workspaceService({ db, clock: systemClock });
      let workspace: { id: number; name: string };
      let created = false;
      try {
        workspace = await service.workspaceByName(name);
      } catch (e) {
        if (!isDomainError(e) || e.code !== 'not_found') throw e;
        workspace = await service.addWorkspace(name, CLI);
        created = true;
      }
      const now = systemClock.now();
      const r = await runDemo(db, {
        workspaceId: workspace.id,
        seed,
        scale,
        icb,
        today: now.toISOString().slice(0, 10),
        actor: { at: now, actorId: null, actorEmail: 'cli', userAgent: 'atlas cli' },
      });
      if (v.json) {
        io.out(
          JSON.stringify({
            people: r.people,
            posts: r.posts,
            memberships: r.memberships,
            relationships: r.relationships,
          }),
        );
        return 0;
      }
      const n = (x: number) => x.toLocaleString('en-GB');
      if (created) io.out(`Created workspace "${workspace.name}" (id ${workspace.id})`);
      const scope =
        r.scale === 'national'
          ? `every organisation (${n(r.organisations)}) and ${n(r.networks)} networks`
          : `${r.icb!.name} (${r.icb!.code}): ${n(r.organisations)} organisations and ${n(r.networks)} networks`;
      io.out(
        [
          `Demo people for "${workspace.name}", seed ${seed}, ${r.scale} scale: ${scope}`,
          `  ${n(r.people)} fictional people in ${n(r.posts)} posts (some ended: history)`,
          `  ${n(r.memberships)} network memberships, ${n(r.relationships)} relationships`,
          ...(r.removed > 0 ? [`  replaced ${n(r.removed)} demo people of an earlier run`] : []),
          ...(r.suppressed > 0 ? [`  left out ${n(r.suppressed)} who match erased people`] : []),
          '  Names, emails (.example) and phone numbers (Ofcom drama ranges) are invented.',
        ].join('\n'),
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};
