/** A wait in a {@link Deadlines} list: its deadline and its place, set by the list. */
export interface Timed {
  deadline: number;
  previous: Timed | undefined;
  next: Timed | undefined;
  /** The list holding it, until it leaves (its answer came, or it expired). */
  list: Deadlines | undefined;
}

/**
 * Waits of one length, oldest first: their deadlines come in the order they were added, so one
 * timer, armed for the oldest, bounds them all — a timer made and cleared for every request or
 * command costs every notify. A wait that ends leaves the list at once; the timer, when it fires,
 * expires whatever is past its deadline and re-arms for the oldest left. Never early: a wait is
 * rounded up to whole milliseconds, and a timer that fires before the oldest deadline re-arms.
 */
export class Deadlines {
  readonly #timeoutMs: number;
  readonly #expire: (wait: Timed) => void;
  readonly #holdsProcess: boolean;
  #oldest: Timed | undefined;
  #newest: Timed | undefined;
  #timer: NodeJS.Timeout | undefined;

  /**
   * `expire` is called once per wait past its deadline, after it left the list. `holdsProcess`:
   * the timer keeps the process alive while waits are listed (else never: something else, such as
   * a socket, does).
   */
  constructor(
    timeoutMs: number,
    expire: (wait: Timed) => void,
    options: { holdsProcess: boolean },
  ) {
    this.#timeoutMs = timeoutMs;
    this.#expire = expire;
    this.#holdsProcess = options.holdsProcess;
  }

  add(wait: Timed): void {
    wait.deadline = performance.now() + this.#timeoutMs;
    wait.list = this;
    wait.previous = this.#newest;
    wait.next = undefined;
    if (this.#newest === undefined) this.#oldest = wait;
    else this.#newest.next = wait;
    this.#newest = wait;
    // An armed timer fires no later than this deadline: deadlines only grow.
    if (this.#timer === undefined) this.#arm(wait.deadline);
    else if (this.#holdsProcess && this.#oldest === wait) this.#timer.ref();
  }

  /** Takes `wait` out of the list; a no-op once it left. */
  remove(wait: Timed): void {
    if (wait.list !== this) return;
    const { previous, next } = wait;
    if (previous === undefined) this.#oldest = next;
    else previous.next = next;
    if (next === undefined) this.#newest = previous;
    else next.previous = previous;
    wait.previous = undefined;
    wait.next = undefined;
    wait.list = undefined;
    // Nothing waits: the armed timer must not hold the process (it fires, finds none, stops).
    if (this.#oldest === undefined) this.#timer?.unref();
  }

  #arm(deadline: number): void {
    this.#timer = setTimeout(this.#onTimer, Math.max(1, Math.ceil(deadline - performance.now())));
    if (!this.#holdsProcess) this.#timer.unref();
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    const now = performance.now();
    try {
      for (
        let wait = this.#oldest;
        wait !== undefined && wait.deadline <= now;
        wait = this.#oldest
      ) {
        this.remove(wait);
        this.#expire(wait);
      }
    } finally {
      // Whatever `expire` did, the waits left keep their timer.
      if (this.#oldest !== undefined && this.#timer === undefined) this.#arm(this.#oldest.deadline);
    }
  };
}
