/** Limits of WeChat template messaging, as the reference document states them. */

// Numbers as literals, not products (7 * 24 * 3_600_000): a bundler drops an unused literal
// constant and inlines a used one, but keeps a product (esbuild does), and this package ships
// inside mini-programs.

/** A formId or prepay_id can be spent within 7 days of being issued (ms). */
export const CREDIT_TTL_MS = 604_800_000;
/** Alias kept for readers who think in formIds. */
export const FORM_ID_TTL_MS = CREDIT_TTL_MS;
/** One form submit allows one message. */
export const FORM_ID_QUOTA = 1;
/** One payment allows three messages. */
export const PREPAY_ID_QUOTA = 3;
/** `count` of the paginated endpoints is at most 20. */
export const PAGE_SIZE_MAX = 20;
/** A template combines at most 10 keywords. */
export const TEMPLATE_KEYWORDS_MAX = 10;
/** access_token lifetime in seconds (`expires_in`). */
export const ACCESS_TOKEN_TTL_SECONDS = 7200;
/** After a new access_token is issued the previous one keeps working this long. */
export const ACCESS_TOKEN_OVERLAP_SECONDS = 300;
/** WeChat asks to reserve at least 512 characters for an access_token. */
export const ACCESS_TOKEN_MAX_LENGTH = 512;
/** Default daily send limit of one account. */
export const DAILY_SEND_LIMIT = 1_000_000;
/** Templates an account may hold in its personal library. */
export const ACCOUNT_TEMPLATE_LIMIT = 25;
/** Longest formId / prepay_id accepted for storage. */
export const FORM_ID_MAX_LENGTH = 128;
/** Oldest WeChat client version that receives template messages. */
export const MIN_WECHAT_VERSION = '6.5.2';
/** Most items one collector upload may carry. */
export const COLLECT_MAX_ITEMS = 100;
/** Largest collector upload body in bytes. */
export const COLLECT_MAX_BODY_BYTES = 65_536; // 64 KiB
/** Most subscribe-popup reports one collector upload may carry. */
export const COLLECT_MAX_SUBSCRIPTIONS = 20;
/** Longest template id or report id the collector protocol carries. */
export const COLLECT_MAX_ID_LENGTH = 128;

/** `wx.requestSubscribeMessage` asks for at most 3 templates at once. */
export const SUBSCRIBE_TMPL_IDS_MAX = 3;
/** A subscribe template combines 2 to 5 keywords (`addtemplate`'s `kidList`). */
export const SUBSCRIBE_KEYWORDS_MIN = 2;
export const SUBSCRIBE_KEYWORDS_MAX = 5;
/** `addtemplate`'s `sceneDesc` holds at most 15 characters. */
export const SCENE_DESC_MAX_LENGTH = 15;
/** Subscribe templates an account may hold. */
export const SUBSCRIBE_TEMPLATE_LIMIT = 50;
/** `getpubtemplatetitles`' `limit` is at most 30. */
export const PUB_TITLES_LIMIT_MAX = 30;
/** WeChat waits this long for the app's answer to a message push… */
export const MESSAGE_PUSH_TIMEOUT_MS = 5000;
/** …and retries an unanswered (or not `success`) push this many times. */
export const MESSAGE_PUSH_RETRIES = 3;
/** An EncodingAESKey has 43 characters (base64 of 32 bytes without the `=`). */
export const ENCODING_AES_KEY_LENGTH = 43;
