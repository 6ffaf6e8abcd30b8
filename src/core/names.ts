const SMALL = new Set(['and', 'of', 'the', 'upon', 'on', 'in', 'for', 'at', 'with', 'super', 'under', 'le']);
const UPPER = new Set(['NHS', 'UK', 'CIC', 'II', 'III', 'PCN', 'ICB', 'GP', 'CCG']);

/** ODS upper-case names to normal case ("THE ROYAL WOLVERHAMPTON NHS TRUST" → "The Royal Wolverhampton NHS Trust"). */
export function normalCase(name: string): string {
  const word = (w: string, first: boolean): string => {
    if (UPPER.has(w)) return w;
    const lower = w.toLowerCase();
    if (!first && SMALL.has(lower)) return lower;
    return lower.replace(/^([^a-z]*)([a-z])/, (_m, p: string, c: string) => p + c.toUpperCase());
  };
  return name
    .split(' ')
    .filter((w) => w !== '')
    .map((w, i) =>
      w
        .split('-')
        .map((part, j) => word(part, i === 0 && j === 0))
        .join('-'),
    )
    .join(' ');
}

/** Whether two names are the same name (ignoring case and spacing), so re-casing is no rename. */
export function sameName(a: string, b: string): boolean {
  const n = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  return n(a) === n(b);
}
