/** Workspace roles, most powerful first. */
export const ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { owner: 4, admin: 3, editor: 2, viewer: 1 };

/** True when `role` is `min` or more powerful. */
export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

/** What each action on a workspace needs, at least. One table, so every route asks the same way. */
export const PERMISSIONS = {
  'workspace.read': 'viewer',
  'records.read': 'viewer',
  'records.export': 'viewer',
  'records.write': 'editor',
  'tokens.own': 'viewer',
  'members.read': 'admin',
  'members.manage': 'admin',
  'tokens.manage': 'admin',
  'audit.read': 'admin',
  /** erase a person everywhere (data protection): irreversible, so admins only */
  'records.erase': 'admin',
  'reference.import': 'admin',
  'workspace.settings': 'owner',
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

/** True when `role` may do `action`. */
export function can(role: Role, action: Permission): boolean {
  return roleAtLeast(role, PERMISSIONS[action]);
}

/**
 * Whether `actor` may give `target` the role `next` (or remove them when `next` is null):
 * only owners touch owners or make owners; admins manage editors and viewers and other admins.
 */
export function canChangeRole(actor: Role, target: Role, next: Role | null): boolean {
  if (!roleAtLeast(actor, 'admin')) return false;
  if (actor === 'owner') return true;
  return target !== 'owner' && next !== 'owner';
}

/** Session lifetimes, in milliseconds. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const SETUP_LINK_MS = 30 * 60 * 1000;
export const INVITATION_MS = 7 * 24 * 60 * 60 * 1000;

/** Whether a session created at `created` and last seen at `seen` is still alive at `now` (ms since epoch). */
export function sessionAlive(created: number, seen: number, now: number): boolean {
  return now - seen < SESSION_IDLE_MS && now - created < SESSION_ABSOLUTE_MS;
}

/** A password people can keep: 12 to 256 characters, not all one character. */
export function passwordProblem(pw: string): string | null {
  if (pw.length < 12) return 'must be at least 12 characters';
  if (pw.length > 256) return 'must be at most 256 characters';
  if (new Set(pw).size < 4) return 'is too repetitive';
  return null;
}

/** Normalises an email address for lookup; null when it is not one. */
export function normaliseEmail(s: string): string | null {
  const e = s.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) && e.length <= 254 ? e : null;
}

/** Parses an expiry such as `30d`, `12h` or `90` (days) into milliseconds; null when not one. */
export function parseDuration(s: string): number | null {
  const m = /^(\d{1,4})([dh]?)$/.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (n <= 0) return null;
  return m[2] === 'h' ? n * 3_600_000 : n * 86_400_000;
}
