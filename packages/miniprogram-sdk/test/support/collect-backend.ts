import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCollectHandler, createMemoryStore, FormIdPool } from '@wxtpl/server-sdk';
import type { CollectItem, CollectSubscription } from '@wxtpl/shared-types';

/** How the backend behaves for the next requests. */
export type BackendMode =
  /** Answers through the server SDK's real collect handler. */
  | 'up'
  /** Cuts the connection: the phone sees `request:fail`. */
  | 'down'
  /** Answers HTTP 500 without storing anything. */
  | 'error500'
  /** Stores the items but never answers (the app gets killed meanwhile). */
  | 'hold';

/** How the test backend is built. */
export interface CollectBackendOptions {
  maxItems?: number;
  /**
   * Records popup reports (the pool's `acceptSubscriptions`) and names them in its answers;
   * `false` is a backend from before popup reports (default true).
   */
  subscriptions?: boolean;
}

/**
 * A real HTTP backend speaking the collector protocol: `createCollectHandler` from
 * `@wxtpl/server-sdk` over a memory `FormIdPool`. Signed-in means `Authorization: Bearer <session>`
 * with the session the test set; anything else is a 401.
 */
export async function startCollectBackend(
  appId: string,
  openid: string,
  { subscriptions = true, ...options }: CollectBackendOptions = {},
) {
  const pool = new FormIdPool({ store: createMemoryStore(), appId, uploadLimit: false });
  const accepted: string[] = [];
  const received: CollectItem[][] = [];
  /** The popup reports of every request, in order (a report sent twice shows twice). */
  const reports: CollectSubscription[][] = [];
  const held: ServerResponse[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  // `session: null` signs every request in (an app that sends no session header).
  const state = { mode: 'up' as BackendMode, session: 's1' as string | null };

  const handler = createCollectHandler({
    pool: {
      async ingest(user, items) {
        const result = await pool.ingest(user, items);
        accepted.push(...result.accepted);
        return result;
      },
      ...(subscriptions ? { acceptSubscriptions: pool.acceptSubscriptions.bind(pool) } : {}),
    },
    resolveOpenid: (request) =>
      state.session === null || request.headers.get('authorization') === `Bearer ${state.session}`
        ? openid
        : null,
    ...options,
  });

  const arrived = () => {
    for (const waiter of [...waiters]) {
      if (received.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };

  const server = createServer((req, res) => {
    if (state.mode === 'down') {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const request = JSON.parse(body.toString() || '{}') as {
        items?: CollectItem[];
        subscriptions?: CollectSubscription[];
      };
      received.push(request.items ?? []);
      reports.push(request.subscriptions ?? []);
      if (state.mode === 'error500') {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":"internal"}');
        arrived();
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      const response = await handler(
        new Request(`http://backend${req.url ?? '/'}`, { method: req.method, headers, body }),
      );
      const answer = Buffer.from(await response.arrayBuffer());
      if (state.mode === 'hold') {
        held.push(res);
      } else {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(answer);
      }
      arrived();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/collect`;

  return {
    url,
    state,
    pool,
    /** Every formId the pool accepted as new, in order (a duplicate would show twice). */
    accepted,
    /** The items of every request that reached the backend. */
    received,
    reports,
    /** Resolves once `count` requests in total have been handled. */
    waitForRequests(count: number): Promise<void> {
      return new Promise((resolve) => {
        waiters.push({ count, resolve });
        arrived();
      });
    },
    async close(): Promise<void> {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The backend {@link startCollectBackend} returns. */
export type CollectBackend = Awaited<ReturnType<typeof startCollectBackend>>;
