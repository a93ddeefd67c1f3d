import { openidOf } from '@wxtpl/recipe-support';
import { createCollectHandler, createMemoryStore, FormIdPool } from '@wxtpl/server-sdk';

// One pool per server process (use createRedisStore(process.env.REDIS_URL) in production).
export const pool = new FormIdPool({ store: createMemoryStore(), appId: 'wx0000000000demo' });
export const collect = createCollectHandler({ pool, resolveOpenid: openidOf });
