import { Campaigns, type CreditPool, type Notifier } from '@wxtpl/server-sdk';
import type { SubscribeTemplateDefinition } from '@wxtpl/shared-types';
import type { ExampleServerConfig } from './config.js';

/** What the campaign routes need: the campaigns of the app and the templates they may send. */
export interface CampaignDesk {
  campaigns: Campaigns;
  /** The example's subscribe templates by name (`bookingReminder`, …), with this account's ids. */
  templates: Readonly<Record<string, SubscribeTemplateDefinition>>;
}

/** The campaigns of a server and the one worker it runs in its own process. */
export interface RunningCampaigns {
  desk: CampaignDesk;
  /** Stops the worker (its messages in flight finish; users not started go to another worker). */
  close(): Promise<void>;
}

/**
 * Campaigns need Redis (their BullMQ queue lives there) and subscribe messages (the audience is
 * everyone holding an acceptance of a template): with both, the server keeps its campaigns in the
 * store's Redis under the same prefix and runs one worker next to its requests, `concurrency`
 * bounding the messages it has in flight so the requests keep their share. Otherwise: none.
 */
export function startCampaigns(
  config: ExampleServerConfig,
  parts: {
    pool: CreditPool;
    notifier: Notifier;
    templates: Readonly<Record<string, SubscribeTemplateDefinition>>;
  },
): RunningCampaigns | undefined {
  if (config.redisUrl === undefined || config.messages !== 'subscribe') return undefined;
  const campaigns = new Campaigns({
    redis: config.redisUrl,
    prefix: config.redisPrefix,
    pool: parts.pool,
    notifier: parts.notifier,
  });
  const worker = campaigns.work({ concurrency: config.campaignConcurrency });
  let closed: Promise<void> | undefined;
  return {
    desk: { campaigns, templates: parts.templates },
    close() {
      closed ??= worker.close().finally(() => campaigns.close());
      return closed;
    },
  };
}
