import { WeChatTransportError } from '../errors.js';
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

/** An account holds at most 25 template-message templates (50 subscribe ones): far below this. */
export const ACCOUNT_TEMPLATES_MAX_ITEMS = 1_000;
/** WeChat's public libraries hold thousands of titles: far below this. */
export const LIBRARY_MAX_ITEMS = 100_000;

/**
 * How far a walk goes: `maxItems` is far beyond what the list can hold, so that an answer that
 * keeps sending full pages (a lying proxy, a broken total) ends in an error instead of paging and
 * collecting for ever. `path` names the endpoint in that error.
 */
export interface WalkBound {
  maxItems: number;
  path: string;
}

/** Pages of `size` from offset 0 until a short page or the announced total. */
export async function* walkPages<Page, Item>(
  size: number,
  fetchPage: (offset: number) => Promise<Page>,
  read: (page: Page) => { list: readonly Item[]; total?: number },
  options: WalkOptions,
  bound: WalkBound,
): AsyncGenerator<Item, void, undefined> {
  let received = 0;
  for (let offset = 0; ; offset += size) {
    const { list, total } = read(await fetchPage(offset));
    received += list.length;
    if (received > bound.maxItems) {
      throw new WeChatTransportError(
        `${bound.path} kept answering full pages past ${bound.maxItems} items; stopped walking`,
        bound.path,
        'bad_response',
        true,
        200,
      );
    }
    options.onPage?.(total === undefined ? { received } : { received, total });
    yield* list;
    if (list.length < size) return;
    if (total !== undefined && offset + size >= total) return;
  }
}
