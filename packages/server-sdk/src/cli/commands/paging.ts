import type { PageRequest } from '@wxtpl/shared-types';
import { type CommandContext, integer } from '../context.js';
import { createProgress } from '../io.js';

/** `--offset N --count N` (0 and 20 by default); the SDK checks the range (count 1..20). */
export function pageOf(ctx: CommandContext): PageRequest {
  return {
    offset: ctx.flags.offset === undefined ? 0 : integer(ctx.flags.offset, '--offset'),
    count: ctx.flags.count === undefined ? 20 : integer(ctx.flags.count, '--count', 1),
  };
}

/** Walks every page with a progress line (`label received/total…`) on a terminal. */
export async function collectAll<T>(
  ctx: CommandContext,
  label: string,
  walk: (onPage: (p: { received: number; total?: number }) => void) => AsyncIterable<T>,
): Promise<T[]> {
  const progress = createProgress(ctx.io, label);
  const items: T[] = [];
  try {
    for await (const item of walk((p) => progress.update(p.received, p.total))) items.push(item);
  } finally {
    progress.done();
  }
  return items;
}
