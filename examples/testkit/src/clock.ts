/** A clock tests move by hand; hand `now` to what takes an injected clock. */
export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

/** Starts at 2026-11-26 12:00 UTC unless told otherwise. */
export function manualClock(start = Date.UTC(2026, 10, 26, 12)): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(ms) {
      current = ms;
    },
  };
}
