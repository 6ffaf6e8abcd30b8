import type { Clock } from '../core/clock.ts';

/**
 * Fixed-window counters in memory, per key. One process holds them: with several app servers
 * behind one PostgreSQL each enforces its own limits (documented in docs/security.md).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(private readonly clock: Clock) {}

  private window(key: string, windowMs: number) {
    const now = this.clock.now().getTime();
    let w = this.windows.get(key);
    if (!w || now - w.start >= windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 100_000) this.sweep(windowMs);
    }
    return { w, now };
  }

  /** Seconds until `key` may act again when it has reached `limit`; 0 when it may act now. */
  retryAfter(key: string, limit: number, windowMs: number): number {
    const { w, now } = this.window(key, windowMs);
    return w.count >= limit ? Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) : 0;
  }

  /** Counts one event for `key`; returns the seconds to wait when that passes `limit`, else 0. */
  hit(key: string, limit: number, windowMs: number): number {
    const { w, now } = this.window(key, windowMs);
    w.count += 1;
    return w.count > limit ? Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) : 0;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(windowMs: number): void {
    const now = this.clock.now().getTime();
    for (const [k, w] of this.windows) if (now - w.start >= windowMs) this.windows.delete(k);
  }
}

/** The limits, in one place. */
export const LIMITS = {
  signInFailuresPerAccount: { limit: 10, windowMs: 15 * 60_000 },
  signInFailuresPerAddress: { limit: 50, windowMs: 15 * 60_000 },
  requestsPerAddress: { limit: 1200, windowMs: 60_000 },
} as const;
