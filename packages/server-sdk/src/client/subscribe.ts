import type {
  MiniprogramState,
  SubscribeSendRequest,
  SubscribeSendResponse,
} from '@wxtpl/shared-types';
import { Endpoints } from '../http/endpoints.js';
import type { CallOptions, RequestPipeline } from '../http/pipeline.js';
import { SubscribeTemplatesApi } from '../templates/subscribe-templates.js';
import { checkSendPayload } from './send-payload.js';

/** The fields a subscribe send must name, checked before every send. */
const REQUIRED = ['touser', 'template_id'] as const;

/** `client.subscribe`: subscribe messages (订阅消息) — the raw send and template management. */
export class SubscribeApi {
  /** The account's subscribe templates and WeChat's public titles. */
  readonly templates: SubscribeTemplatesApi;
  readonly #pipeline: RequestPipeline;
  readonly #state: MiniprogramState | undefined;

  /** @internal */
  constructor(pipeline: RequestPipeline, state: MiniprogramState | undefined) {
    this.#pipeline = pipeline;
    this.#state = state;
    this.templates = new SubscribeTemplatesApi(pipeline);
  }

  /**
   * Sends one subscribe message (`/cgi-bin/message/subscribe/send`). Resolves only on WeChat's
   * `{errcode: 0}`; rejects with `WeChatApiError` (`.errcode`: 43101 no acceptance, 47003 data,
   * …), `WeChatTransportError` or `AccessTokenError`.
   */
  send(payload: SubscribeSendRequest, options?: CallOptions): Promise<SubscribeSendResponse> {
    let body: SubscribeSendRequest;
    try {
      checkSendPayload(payload, REQUIRED, '{ key: { value } }');
      body =
        payload.miniprogram_state === undefined && this.#state !== undefined
          ? { ...payload, miniprogram_state: this.#state }
          : payload;
    } catch (error) {
      return Promise.reject(error);
    }
    // The pipeline's own promise, not an async function's wrapping it: no layer, no extra turn.
    return this.#pipeline.call(Endpoints.subscribeSend, { body }, options);
  }
}
