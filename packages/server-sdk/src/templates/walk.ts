import type { CallOptions } from '../http/pipeline.js';

/** Progress of a walk over every page. */
export interface PageProgress {
  /** Items received so far. */
  received: number;
  /** Total announced by WeChat (the library lists do; the account's template list does not). */
  total?: number;
}

/** Options of the `all()` walks: per-call options plus a page callback (the CLI draws progress). */
export interface WalkOptions extends CallOptions {
  onPage?: (progress: PageProgress) => void;
}

/** Pages of `size` from offset 0 until a short page or the announced total. */
export async function* walkPages<Page, Item>(
  size: number,
  fetchPage: (offset: number) => Promise<Page>,
  read: (page: Page) => { list: readonly Item[]; total?: number },
  options: WalkOptions,
): AsyncGenerator<Item, void, undefined> {
  let received = 0;
  for (let offset = 0; ; offset += size) {
    const { list, total } = read(await fetchPage(offset));
    received += list.length;
    options.onPage?.(total === undefined ? { received } : { received, total });
    yield* list;
    if (list.length < size) return;
    if (total !== undefined && offset + size >= total) return;
  }
}
