import { DomainError } from '../core/errors.ts';
import { searchWords } from '../core/paging.ts';
import type { Queryable } from './db.ts';
import { isoTimestamp } from './sql.ts';

/** A workspace's note on an organisation or a network. */
export interface Note {
  id: number;
  target_type: 'organisation' | 'network';
  target_code: string;
  body: string;
  created_by_email: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

const COLS = `n.id, n.target_type, n.target_code, n.body, u.email AS created_by_email,
  ${isoTimestamp('n.created_at')} AS created_at,
  ${isoTimestamp('n.updated_at')} AS updated_at, n.version`;

/**
 * The notes of one workspace. Every statement carries `workspace_id = $1`: a caller cannot reach
 * another workspace's notes through this repository, whatever ids it passes.
 */
export function notesRepo(q: Queryable, workspaceId: number) {
  return {
    /** Notes, newest first, filtered by target and by words in the body. */
    async list(f: { targetType?: string; targetCode?: string; q?: string; limit: number }): Promise<Note[]> {
      const params: unknown[] = [workspaceId];
      const where = ['n.workspace_id = $1'];
      if (f.targetType) {
        params.push(f.targetType);
        where.push(`n.target_type = $${params.length}`);
      }
      if (f.targetCode) {
        params.push(f.targetCode.toUpperCase());
        where.push(`upper(n.target_code) = $${params.length}`);
      }
      for (const w of searchWords(f.q ?? '')) {
        params.push(`%${w}%`);
        where.push(`lower(n.body) LIKE $${params.length}`);
      }
      params.push(f.limit);
      return q.query<Note>(
        `SELECT ${COLS} FROM notes n LEFT JOIN users u ON u.id = n.created_by
         WHERE ${where.join(' AND ')} ORDER BY n.updated_at DESC, n.id DESC LIMIT $${params.length}`,
        params,
      );
    },
    async get(id: number): Promise<Note> {
      const [n] = await q.query<Note>(
        `SELECT ${COLS} FROM notes n LEFT JOIN users u ON u.id = n.created_by WHERE n.workspace_id = $1 AND n.id = $2`,
        [workspaceId, id],
      );
      if (!n) throw new DomainError('not_found', `no note ${id} in this workspace`);
      return n;
    },
    async create(n: {
      targetType: string;
      targetCode: string;
      body: string;
      createdBy: number;
      at: Date;
    }): Promise<Note> {
      const [row] = await q.query<{ id: number }>(
        `INSERT INTO notes (workspace_id, target_type, target_code, body, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
        [workspaceId, n.targetType, n.targetCode, n.body, n.createdBy, n.at.toISOString()],
      );
      return this.get(row!.id);
    },
    /** Updates a note when `version` is still current; a stale version is DomainError('conflict'). */
    async update(id: number, version: number, body: string, at: Date): Promise<Note> {
      const rows = await q.query<{ id: number }>(
        `UPDATE notes SET body = $4, updated_at = $5, version = version + 1
         WHERE workspace_id = $1 AND id = $2 AND version = $3 RETURNING id`,
        [workspaceId, id, version, body, at.toISOString()],
      );
      if (rows.length === 0) {
        await this.get(id); // not_found when it is not ours
        throw new DomainError('conflict', `note ${id} was changed by someone else: reload it and try again`);
      }
      return this.get(id);
    },
    async remove(id: number): Promise<Note> {
      const before = await this.get(id);
      await q.query('DELETE FROM notes WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
      return before;
    },
  };
}
