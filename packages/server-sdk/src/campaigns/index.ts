export { Campaigns, type CampaignsOptions } from './campaigns.js';
export { BullMQMissingError, CampaignNotFoundError, CampaignStoreError } from './errors.js';
export { nextQuotaReset } from './quota-reset.js';
export type * from './types.js';
