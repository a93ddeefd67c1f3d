import { Module } from '@nestjs/common';
import { openidOf } from '@wxtpl/recipe-support';
import { createCollectHandler, createMemoryStore, FormIdPool } from '@wxtpl/server-sdk';
import { COLLECT, CollectController } from './collect.controller.js';

export const pool = new FormIdPool({ store: createMemoryStore(), appId: 'wx0000000000demo' });

@Module({
  controllers: [CollectController],
  providers: [
    { provide: COLLECT, useValue: createCollectHandler({ pool, resolveOpenid: openidOf }) },
  ],
})
export class AppModule {}
