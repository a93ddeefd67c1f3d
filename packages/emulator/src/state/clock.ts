/**
 * The emulator's virtual clock: real time plus an offset that tests push forward, so that
 * token and formId expiry can be reached without sleeping.
 */
export class VirtualClock {
  private offsetMs = 0;

  /** Virtual epoch milliseconds. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves virtual time forward (never backward) and returns the new `now()`. */
  advance(seconds: number): number {
    this.offsetMs += Math.max(0, seconds) * 1000;
    return this.now();
  }

  /** Milliseconds the virtual clock runs ahead of real time. */
  get offset(): number {
    return this.offsetMs;
  }

  set offset(ms: number) {
    this.offsetMs = Math.max(0, ms);
  }
}
