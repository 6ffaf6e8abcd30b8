/**
 * Where to go after signing in: `raw` when it is a path on this site (one leading slash, no scheme,
 * no backslash, no control characters, not a sign-in page itself), else the national summary.
 */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || raw.length > 2000) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(raw)) return '/';
  try {
    const url = new URL(raw, 'http://atlas.invalid');
    if (url.origin !== 'http://atlas.invalid') return '/';
    if (url.pathname === '/sign-in' || url.pathname.startsWith('/sign-in/')) return '/';
    return url.pathname + url.search + url.hash;
  } catch {
    return '/';
  }
}

/** The current page's path and query, to come back to after signing in. */
export function herePath(): string {
  return window.location.pathname + window.location.search;
}

/** `path` with ?next= set to `next` when it is somewhere other than the national summary. */
export function withNext(path: string, next: string): string {
  const safe = safeNext(next);
  return safe === '/' ? path : `${path}?next=${encodeURIComponent(safe)}`;
}
