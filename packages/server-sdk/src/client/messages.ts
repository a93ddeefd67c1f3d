import type { TemplateSendRequest, TemplateSendResponse } from '@wxtpl/shared-types';
import { Endpoints } from '../http/endpoints.js';
import type { CallOptions, RequestPipeline } from '../http/pipeline.js';
import { checkSendPayload } from './send-payload.js';

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
  async send(payload: TemplateSendRequest, options?: CallOptions): Promise<TemplateSendResponse> {
    checkSendPayload(payload, ['touser', 'template_id', 'form_id'], 'keywordN values');
    // Awaited, not returned: an async function settling with a promise costs two more turns.
    return await this.#pipeline.call(Endpoints.templateSend, { body: payload }, options);
  }
}
