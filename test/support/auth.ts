import type { Clock } from '../../src/core/clock.ts';
import type { Role } from '../../src/core/roles.ts';
import { workspaceService } from '../../src/services/workspaces.ts';
import type { Db } from '../../src/storage/db.ts';

let n = 0;

/** A fresh user in `workspace` (created if needed) with `role`, and an API token for them there. */
export async function buildMember(
  db: Db,
  clock: Clock,
  over: { workspace?: string; role?: Role; email?: string; password?: string } = {},
): Promise<{ userId: number; workspaceId: number; email: string; password: string; token: string }> {
  const s = workspaceService({ db, clock });
  const workspace = over.workspace ?? 'Test workspace';
  const [w] = await db.query<{ id: number }>('SELECT id FROM workspaces WHERE name = $1', [workspace]);
  const workspaceId = w?.id ?? (await s.addWorkspace(workspace, { cli: true })).id;
  n += 1;
  const email = over.email ?? `user${n}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const password = over.password ?? 'a long test password 123';
  const u = await s.addUser({ email, password, workspace, role: over.role ?? 'editor' }, { cli: true });
  const t = await s.createToken(
    { userId: u.id, workspaceId, name: 'test', expiresInMs: 86_400_000 },
    { cli: true },
  );
  return { userId: u.id, workspaceId, email, password, token: t.token };
}
