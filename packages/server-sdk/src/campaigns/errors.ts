import { WxtplError } from '@wxtpl/shared-types';

/** No campaign with this id (never started, or its records expired). */
export class CampaignNotFoundError extends WxtplError {
  override name = 'CampaignNotFoundError';
  constructor(readonly campaignId: string) {
    super('CAMPAIGN_NOT_FOUND', `no campaign ${JSON.stringify(campaignId)}`);
  }
}

/** Redis did not answer a campaign command in time, or failed it. */
export class CampaignStoreError extends WxtplError {
  override name = 'CampaignStoreError';
  constructor(
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super('CAMPAIGN_STORE', `the campaign store failed to ${operation}`, options);
  }
}

/** Campaigns run on BullMQ, an optional peer dependency that is not installed. */
export class BullMQMissingError extends WxtplError {
  override name = 'BullMQMissingError';
  constructor(options?: { cause?: unknown }) {
    super('BULLMQ_MISSING', 'Campaigns need the bullmq package (6): npm install bullmq', options);
  }
}
