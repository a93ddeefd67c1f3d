import { Controller, Inject, Next, Post, Req, Res } from '@nestjs/common';
import { toExpress, type WebHandler } from '@wxtpl/server-sdk';
import type { NextFunction, Request, Response } from 'express';

/** The collect handler's provider token: `{ provide: COLLECT, useValue: createCollectHandler(…) }`. */
export const COLLECT = Symbol('wxtpl collect handler');

@Controller('wxtpl/collect')
export class CollectController {
  constructor(@Inject(COLLECT) private readonly collect: WebHandler) {}

  @Post()
  upload(@Req() req: Request, @Res() res: Response, @Next() next: NextFunction): void {
    toExpress(this.collect)(req, res, next);
  }
}
