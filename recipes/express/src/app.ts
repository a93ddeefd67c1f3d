import { openidOf } from '@wxtpl/recipe-support';
import { createCollectHandler, createMemoryStore, FormIdPool, toExpress } from '@wxtpl/server-sdk';
import express from 'express';

export const pool = new FormIdPool({ store: createMemoryStore(), appId: 'wx0000000000demo' });
const collect = createCollectHandler({ pool, resolveOpenid: openidOf });

export const app = express();
// Before express.json(): the handler reads the body itself, within its own byte limit.
app.post('/wxtpl/collect', toExpress(collect));
app.use(express.json());
