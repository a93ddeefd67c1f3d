import type { TemplateSendRequest, TemplateSendResponse } from '@wxtpl/shared-types';
import { Endpoints } from '../http/endpoints.js';
import type { CallOptions, RequestPipeline } from '../http/pipeline.js';
import { checkSendPayload } from './send-payload.js';

/** The fields a template send must name, checked before every send. */
const REQUIRED = ['touser', 'template_id', 'form_id'] as const;

/** `client.messages`: the raw send of `/cgi-bin/message/wxopen/template/send`. */
export class MessagesApi {
  readonly #pipeline: RequestPipeline;

  /** @internal */
  constructor(pipeline: RequestPipeline) {
    this.#pipeline = pipeline;
  }

  /**
   * Sends one template message. Resolves only on WeChat's `{errcode: 0}`; rejects with
   * `WeChatApiError` (`.errcode`), `WeChatTransportError` or `AccessTokenError`.
   */
  send(payload: TemplateSendRequest, options?: CallOptions): Promise<TemplateSendResponse> {
    try {
      checkSendPayload(payload, REQUIRED, 'keywordN values');
    } catch (error) {
      return Promise.reject(error);
    }
    // The pipeline's own promise, not an async function's wrapping it: no layer, no extra turn.
    return this.#pipeline.call(Endpoints.templateSend, { body: payload }, options);
  }
}
