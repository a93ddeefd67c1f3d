const BASE_MS = 2_000;
const MAX_MS = 5 * 60_000;

/**
 * Delay before retry number `attempt` (1, 2, …): exponential from 2 s up to 5 min, with "equal
 * jitter" (between half and all of it) so that many phones do not retry in step.
 */
export function backoffDelay(attempt: number): number {
  const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** (attempt - 1));
  return Math.round((ceiling * (1 + Math.random())) / 2);
}
