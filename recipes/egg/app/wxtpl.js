import { openidOf } from '@wxtpl/recipe-support';
import { createCollectHandler, createMemoryStore, FormIdPool } from '@wxtpl/server-sdk';

export const pool = new FormIdPool({ store: createMemoryStore(), appId: 'wx0000000000demo' });
export const collect = createCollectHandler({ pool, resolveOpenid: openidOf });
