/** The middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Least-squares slope of y over x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2 || ys.length !== n) throw new Error('slope needs two or more paired points');
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    num += dx * ((ys[i] as number) - my);
    den += dx * dx;
  }
  return num / den;
}

/**
 * Runs `op(i)` for i in `from`..`to`-1 (`from` 0 unless given) from `concurrency` loops, each
 * awaiting its previous call.
 */
export async function runConcurrently(
  to: number,
  concurrency: number,
  op: (index: number) => Promise<unknown>,
  from = 0,
): Promise<void> {
  let next = from;
  const loop = async () => {
    for (let i = next++; i < to; i = next++) await op(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, to - from) }, loop));
}
