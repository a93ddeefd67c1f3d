import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollectHandler } from '../src/collect/index.js';
import { WxtplChannels } from '../src/observe/channels.js';
import { CreditPool } from '../src/pool/index.js';
import { createMemoryStore } from '../src/store/index.js';

const listeners: [string, (message: unknown) => void][] = [];
function listen(name: string): unknown[] {
  const seen: unknown[] = [];
  const listener = (message: unknown) => seen.push(message);
  subscribe(name, listener);
  listeners.push([name, listener]);
  return seen;
}
afterEach(() => {
  for (const [name, listener] of listeners.splice(0)) unsubscribe(name, listener);
});

describe('diagnostics channels', () => {
  it('reports uploads, acceptances and revocations with counts, never ids', async () => {
    const ingested = listen(WxtplChannels.ingested);
    const accepted = listen(WxtplChannels.accepted);
    const revoked = listen(WxtplChannels.revoked);
    const collected = listen(WxtplChannels.collected);
    const pool = new CreditPool({ store: createMemoryStore(), appId: 'wxobs' });
    const handler = createCollectHandler({ pool, resolveOpenid: () => 'o-1' });
    await handler(
      new Request('https://x/formids', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: [{ formId: 'secret-form-id', createdAt: Date.now() }] }),
      }),
    );
    await handler(new Request('https://x/formids', { method: 'GET' }));
    await pool.acceptSubscriptions('o-1', ['t1', 't2'], { source: 'push' });
    await pool.revokeSubscription('o-1', 't1');
    expect(ingested).toEqual([
      { appId: 'wxobs', openid: 'o-1', accepted: 1, duplicates: 0, rejected: 0, evicted: 0 },
    ]);
    expect(JSON.stringify(ingested)).not.toContain('secret-form-id');
    expect(collected).toEqual([{ status: 200 }, { status: 405 }]);
    expect(accepted).toEqual([
      {
        appId: 'wxobs',
        openid: 'o-1',
        source: 'push',
        added: 2,
        paired: 0,
        duplicates: 0,
        held: 0,
        capped: 0,
      },
    ]);
    expect(revoked).toEqual([{ appId: 'wxobs', openid: 'o-1', templateId: 't1', removed: 1 }]);
  });
});
