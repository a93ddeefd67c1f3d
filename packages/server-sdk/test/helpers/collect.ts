import { type CollectHandlerOptions, createCollectHandler } from '../../src/collect/index.js';
import { FormIdPool } from '../../src/pool/index.js';
import { createMemoryStore } from '../../src/store/index.js';

export const COLLECT_APP = 'wx0000000000demo';

/** A memory pool and a collect handler that signs in whoever sends `x-test-openid`. */
export function collectFixture(options: Partial<CollectHandlerOptions> = {}) {
  const pool = new FormIdPool({ store: createMemoryStore(), appId: COLLECT_APP });
  const handler = createCollectHandler({
    pool,
    resolveOpenid: (request) => request.headers.get('x-test-openid'),
    ...options,
  });
  return { pool, handler };
}

/** A JSON POST to the handler, as the collector sends it. */
export function collectRequest(
  body: unknown,
  init: { openid?: string | null; headers?: Record<string, string>; method?: string } = {},
): Request {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  if (init.openid !== null) headers['x-test-openid'] = init.openid ?? 'user-a';
  return new Request('http://app.test/wxtpl/collect', {
    method: init.method ?? 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A ReadableStream that yields `chunks` without ever declaring a length. */
export function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
}
