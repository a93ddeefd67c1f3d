import { openidOf } from '@wxtpl/recipe-support';
import { createCollectHandler, createMemoryStore, FormIdPool } from '@wxtpl/server-sdk';
import { Hono } from 'hono';

export const pool = new FormIdPool({ store: createMemoryStore(), appId: 'wx0000000000demo' });
const collect = createCollectHandler({ pool, resolveOpenid: openidOf });

export const app = new Hono();
app.post('/wxtpl/collect', (c) => collect(c.req.raw));
