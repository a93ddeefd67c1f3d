import type { Handler } from '../http/context.js';
import { controlError, jsonReply } from '../http/reply.js';
import { addTemplate } from '../wechat/template-add.js';
import { appRequest, isReply } from './common.js';

/**
 * `POST /__emulator/templates {appid?, id, keyword_id_list}` → `{template_id}`: composes a
 * template without an access_token, for test setup.
 */
export const handleAddTemplate: Handler = (ctx) => {
  const request = appRequest(ctx);
  if (isReply(request)) return request;
  const { body, app } = request;
  const reply = addTemplate(ctx.state, app.appId, body.id, body.keyword_id_list);
  const result = reply.body as { errcode: number; errmsg: string; template_id?: string };
  if (result.errcode !== 0) return controlError(400, result.errmsg);
  return jsonReply({ template_id: result.template_id });
};
