import Router from '@koa/router';
import { openidOf } from '@wxtpl/recipe-support';
import { createCollectHandler, createMemoryStore, FormIdPool, toKoa } from '@wxtpl/server-sdk';
import Koa from 'koa';

export const pool = new FormIdPool({ store: createMemoryStore(), appId: 'wx0000000000demo' });
const collect = createCollectHandler({ pool, resolveOpenid: openidOf });

export const app = new Koa();
const router = new Router();
router.post('/wxtpl/collect', toKoa(collect));
app.use(router.routes()).use(router.allowedMethods());
