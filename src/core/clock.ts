/** A source of the current time; tests pass a fixed or fake clock. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock fixed at `iso` that tests can move forward by milliseconds. */
export function fakeClock(iso: string): Clock & { advance(ms: number): void; set(iso: string): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
    set: (s: string) => {
      t = new Date(s).getTime();
    },
  };
}
