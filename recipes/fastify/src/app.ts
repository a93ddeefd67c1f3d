import { openidOf } from '@wxtpl/recipe-support';
import { createCollectHandler, createMemoryStore, FormIdPool, toFastify } from '@wxtpl/server-sdk';
import Fastify from 'fastify';

export const pool = new FormIdPool({ store: createMemoryStore(), appId: 'wx0000000000demo' });
const collect = createCollectHandler({ pool, resolveOpenid: openidOf });

export const app = Fastify();
await app.register(toFastify(collect), { prefix: '/wxtpl/collect' });
