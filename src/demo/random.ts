/**
 * The demo generator's randomness: a seeded pseudo-random generator (sfc32, seeded through a string
 * hash), so the same seed and the same structure always give the same people. Never Math.random.
 */

/** A 32-bit FNV-1a hash of a string: turns a seed and a key (an organisation's code) into a stream seed. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A deterministic stream of random choices. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(xs: readonly T[]): T;
  /** Up to n distinct elements of a list, in a random order. */
  sample<T>(xs: readonly T[], n: number): T[];
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded from `seed` and `key`: each
 * organisation or network draws from its own stream, so adding one elsewhere does not shift it.
 */
export function rngFor(seed: number, key: string): Rng {
  let a = hash32(`a:${seed}:${key}`);
  let b = hash32(`b:${seed}:${key}`);
  let c = hash32(`c:${seed}:${key}`);
  let d = 1;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    sample<T>(xs: readonly T[], n: number): T[] {
      const copy = [...xs];
      const out: T[] = [];
      while (out.length < n && copy.length > 0) {
        const i = Math.floor(next() * copy.length);
        out.push(copy[i]!);
        copy[i] = copy[copy.length - 1]!;
        copy.pop();
      }
      return out;
    },
  };
}
