// The public surface of @wxtpl/server-sdk, listed name by name (packages/server-sdk/README.md
// documents each; etc/server-sdk.api.md is the reviewed report of it).

// Re-exported so that `wxtpl codegen` output and apps need no direct dependency on shared-types.
export {
  defineSubscribeTemplate,
  defineTemplate,
  InvalidArgumentError,
  type SubscribeTemplateDefinition,
  TemplateDataError,
  type TemplateDefinition,
  WxtplError,
} from '@wxtpl/shared-types';

export {
  BullMQMissingError,
  type CampaignAudience,
  type CampaignInput,
  CampaignNotFoundError,
  type CampaignState,
  type CampaignStatus,
  CampaignStoreError,
  Campaigns,
  type CampaignsOptions,
  type CampaignWorker,
  nextQuotaReset,
  type WorkOptions,
} from './campaigns/index.js';
export {
  type MessageSender,
  type MessagesApi,
  type SubscribeApi,
  WeChatClient,
  type WeChatClientOptions,
} from './client/index.js';
export {
  type CollectErrorBody,
  type CollectErrorCode,
  type CollectHandlerOptions,
  createCollectHandler,
} from './collect/index.js';
export {
  AccessTokenError,
  type TransportFailure,
  WeChatApiError,
  WeChatTransportError,
} from './errors.js';
export type { CallOptions } from './http/pipeline.js';
export type { RetryOptions } from './http/retry.js';
export {
  type LintFinding,
  type LintOptions,
  type LintReport,
  type LintRule,
  type LintSeverity,
  lintTemplateProposal,
  type TemplateProposal,
  TITLE_SIMILARITY_THRESHOLD,
  titleSimilarity,
} from './lint/index.js';
export type { Logger, LogMethod } from './logger/index.js';
export {
  AlreadyAttemptedError,
  CreditsExhaustedError,
  DailyLimitError,
  DeliveryUnknownError,
  InvalidPageError,
  MessageRejectedError,
  NoCreditError,
  Notifier,
  type NotifierOptions,
  NotifyError,
  type NotifyInput,
  type NotifyResult,
  PolicyError,
  type SubscribeNotifyInput,
  TemplateRejectedError,
} from './notify/index.js';
export { type WxtplChannelName, WxtplChannels } from './observe/channels.js';
export {
  type AcceptOptions,
  type AcceptResult,
  type CreditLease,
  CreditPool,
  type CreditPoolOptions,
  CreditStoreError,
  FormIdPool,
  type FormIdPoolOptions,
  type IngestItem,
  type IngestResult,
  InvalidOpenidError,
  RateLimitedError,
  type TakeResult,
} from './pool/index.js';
export {
  createMessagePushHandler,
  type MessagePushHandlerOptions,
  type PushEvent,
  type SentReceipt,
  type SubscriptionChange,
} from './push/index.js';
export {
  type AcceptanceReport,
  type AcceptOutcome,
  type Credit,
  type CreditLimits,
  type CreditOwner,
  type CreditSource,
  type CreditStore,
  createMemoryStore,
  createRedisStore,
  type InsertOutcome,
  type MemoryStore,
  type MemoryStoreOptions,
  type NewCredit,
  type RedisClientLike,
  type RedisStore,
  type RedisStoreOptions,
  type SendLimit,
  type Store,
  type TakenCredit,
  type TakeOutcome,
  type TakeRequest,
} from './store/index.js';
export type {
  DefinitionKind,
  PageProgress,
  SubscribeTemplatesApi,
  SubscribeTitlesQuery,
  TemplateLibraryApi,
  TemplatesApi,
  VerifiableDefinition,
  VerifyIssue,
  VerifyIssueCode,
  VerifyReport,
  WalkOptions,
} from './templates/index.js';
export type {
  TokenProvider,
  TokenProviderRequest,
  TokenProviderResult,
} from './token/index.js';
export {
  type ExpressMiddleware,
  type FastifyCollectPlugin,
  type FastifyInstanceLike,
  type FastifyReplyLike,
  type FastifyRequestLike,
  type HandlerContext,
  type KoaContextLike,
  type KoaMiddleware,
  type NodeRequestLike,
  type NodeResponseLike,
  toExpress,
  toFastify,
  toKoa,
  type WebHandler,
} from './web/index.js';
