import type { Queryable } from './db.ts';

/**
 * Inserts `rows` into `table` as multi-row INSERTs of up to `batch` rows (one round trip each).
 * `columns` name the table's columns and the row keys; values go as parameters, never as SQL text.
 */
export async function insertRows(
  q: Queryable,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  opts: { batch?: number; suffix?: string; casts?: Record<string, string> } = {},
): Promise<void> {
  const batch = opts.batch ?? Math.max(1, Math.floor(30_000 / columns.length));
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const ph = columns.map((c) => {
        params.push(row[c] ?? null);
        const cast = opts.casts?.[c];
        return cast ? `$${params.length}::${cast}` : `$${params.length}`;
      });
      return `(${ph.join(',')})`;
    });
    await q.query(
      `INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')} ${opts.suffix ?? ''}`,
      params,
    );
  }
}
