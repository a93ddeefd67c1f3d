import { hostileRequest } from './hostile-requests.ts';
import { rawRequest } from './raw-requests.ts';
import type { Traffic, TrafficContext } from './traffic.ts';
import { ValidUploads } from './valid-uploads.ts';

/**
 * The run's requests, generated lazily (oversized bodies are only built when sent) and
 * deterministically from the seed. About `validShare` of them are valid uploads, 2% raw socket
 * abuse, the rest hostile HTTP requests.
 */
export function* collectTraffic(
  context: TrafficContext,
  options: { count: number; validShare: number; maxStorablePerUser: number },
): Generator<Traffic> {
  const valid = new ValidUploads(context, options.maxStorablePerUser);
  for (let i = 0; i < options.count; i++) {
    const roll = context.random.next();
    if (roll < options.validShare) yield valid.next();
    else if (roll < options.validShare + 0.02) yield rawRequest(context);
    else yield hostileRequest(context);
  }
}
