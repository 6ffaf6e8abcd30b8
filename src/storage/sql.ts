/** SQL for a timestamptz column as an ISO 8601 UTC string (`2026-11-24T12:00:00Z`). */
export const isoTimestamp = (col: string): string =>
  `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
