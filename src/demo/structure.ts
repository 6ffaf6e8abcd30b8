import type { Queryable } from '../storage/db.ts';
import type { DemoStructure } from './generate.ts';

/**
 * Reads the imported structure the demo places people in: organisations, their dated links and
 * successions, networks and their footprints. Each list in a stable order, so the plan built from
 * it is the same from one run to the next.
 */
export async function loadStructure(q: Queryable): Promise<DemoStructure> {
  const organisations = await q.query<DemoStructure['organisations'][number]>(
    'SELECT id, code, name, kind, opened_on, closed_on, postcode FROM organisations ORDER BY code',
  );
  const links = await q.query<DemoStructure['links'][number]>(
    `SELECT kind, from_id, to_id, valid_from, valid_to FROM organisation_links
       WHERE kind IN ('part_of','member_of','commissioned_by') ORDER BY from_id, kind, to_id, valid_from NULLS FIRST`,
  );
  const networks = await q.query<DemoStructure['networks'][number]>(
    `SELECT id, code, name, kind, focus, host_id, region_id, established_on, closed_on, status
       FROM networks ORDER BY code`,
  );
  const footprints = await q.query<DemoStructure['footprints'][number]>(
    `SELECT network_id, organisation_id, role, valid_from, valid_to FROM network_footprints
       ORDER BY network_id, organisation_id, role, valid_from NULLS FIRST`,
  );
  const successions = await q.query<DemoStructure['successions'][number]>(
    `SELECT predecessor_id, successor_id, effective_on FROM organisation_successions
       ORDER BY successor_id, predecessor_id, effective_on`,
  );
  return { organisations, links, networks, footprints, successions };
}
