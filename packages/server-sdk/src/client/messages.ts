import {
  InvalidArgumentError,
  type TemplateSendRequest,
  type TemplateSendResponse,
} from '@wxtpl/shared-types';
import { Endpoints } from '../http/endpoints.js';
import type { CallOptions, RequestPipeline } from '../http/pipeline.js';

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
    checkPayload(payload);
    return this.#pipeline.call(Endpoints.templateSend, { body: payload }, options);
  }
}

function checkPayload(payload: TemplateSendRequest): void {
  if (typeof payload !== 'object' || payload === null) {
    throw new InvalidArgumentError('send needs the payload object of the send endpoint', 'payload');
  }
  for (const field of ['touser', 'template_id', 'form_id'] as const) {
    const value = payload[field];
    if (typeof value !== 'string' || value === '') {
      throw new InvalidArgumentError(
        `payload.${field} must be a non-empty string`,
        `payload.${field}`,
      );
    }
  }
  if (typeof payload.data !== 'object' || payload.data === null) {
    throw new InvalidArgumentError(
      'payload.data must be an object of keywordN values',
      'payload.data',
    );
  }
}
