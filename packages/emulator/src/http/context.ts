import type { EmulatorState } from '../emulator-state.js';
import type { BodyResult } from './body.js';
import type { Reply } from './reply.js';

/** What a route handler gets to work with. */
export interface RequestContext {
  state: EmulatorState;
  method: string;
  path: string;
  query: URLSearchParams;
  body: BodyResult;
}

/** A route handler: returns the reply, never writes it itself. */
export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;
