import { type Channel, channel } from 'node:diagnostics_channel';

/**
 * What the SDK reports as it works, on `node:diagnostics_channel` channels of its own: subscribe to
 * feed metrics (Prometheus counters), traces or logs. Nothing is built or published while a
 * channel has no subscriber. Messages never carry a secret, a token or message data.
 */
export const WxtplChannels = {
  /** `{ appId, openid, source, templateId?, attempts, durationMs }`: WeChat accepted a message. */
  delivered: 'wxtpl:notify:delivered',
  /** `{ appId, openid, code, errcode?, attempts, durationMs }`: `notify` rejected. */
  failed: 'wxtpl:notify:failed',
  /** `{ appId, openid, source, templateId?, errcode }`: WeChat said a credit is dead; dropped. */
  creditDropped: 'wxtpl:credit:dropped',
  /** `{ appId, openid, source, templateId?, restored }`: a use WeChat did not spend went back. */
  creditGivenBack: 'wxtpl:credit:given-back',
  /** `{ appId, openid, source }`: a send may or may not have reached the user. */
  unknownOutcome: 'wxtpl:notify:unknown-outcome',
  /** `{ appId, openid, accepted, duplicates, rejected, evicted }` (counts): formIds stored. */
  ingested: 'wxtpl:pool:ingested',
  /** `{ appId, openid, source, added, paired, duplicates, held, capped }` (counts): acceptances. */
  accepted: 'wxtpl:pool:accepted',
  /** `{ appId, openid, templateId, removed }`: a template's acceptances revoked. */
  revoked: 'wxtpl:pool:revoked',
  /** `{ status }`: the collect handler answered an upload. */
  collected: 'wxtpl:collect:answered',
  /** `{ appId, status }`: the message-push handler answered WeChat. */
  pushed: 'wxtpl:push:received',
  /** `{ appId, path, durationMs, errcode?, failure? }`: one HTTP exchange with WeChat. */
  request: 'wxtpl:http:request',
  /** `{ campaignId, openid, outcome, error? }`: a campaign settled one user (delivered, skipped, failed). */
  campaignProgress: 'wxtpl:campaign:progress',
  /** `{ campaignId, reason: 'pushback' | 'park', until }`: a campaign holds off every worker. */
  campaignHeld: 'wxtpl:campaign:held',
} as const;

export type WxtplChannelName = (typeof WxtplChannels)[keyof typeof WxtplChannels];

/**
 * The channel objects themselves, for the hot paths (every notify, every HTTP exchange): check
 * `hasSubscribers` before building a message, so that nothing is allocated — not even the
 * closure {@link publish} takes — while nobody listens.
 */
export const channels: { readonly [K in keyof typeof WxtplChannels]: Channel } = Object.freeze(
  Object.fromEntries(
    Object.entries(WxtplChannels).map(([key, name]) => [key, channel(name)] as const),
  ) as Record<keyof typeof WxtplChannels, Channel>,
);

const byName = new Map(Object.values(WxtplChannels).map((name) => [name, channel(name)] as const));

/** Publishes on a channel; `message` is only built when someone listens. */
export function publish(name: WxtplChannelName, message: () => object): void {
  const target = byName.get(name);
  if (target?.hasSubscribers) target.publish(message());
}
