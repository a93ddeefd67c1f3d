// The one door to @wxtpl/shared-types, so that what the mini-program bundle pulls in stays visible.
export {
  COLLECT_MAX_ITEMS,
  type CollectItem,
  type CollectResponse,
  CREDIT_TTL_MS,
  MIN_WECHAT_VERSION,
  parseCollectResponse,
  validateFormId,
} from '@wxtpl/shared-types';
