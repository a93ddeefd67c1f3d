import { Errcode } from '@wxtpl/shared-types';
import { wechatError, wechatOk } from '../http/reply.js';
import { stringField, wechatPost } from './guards.js';

/** `POST /cgi-bin/wxopen/template/del {template_id}`. */
export const handleTemplateDelete = wechatPost((ctx, app, body) => {
  const templateId = stringField(body, 'template_id');
  if (templateId === undefined) return wechatError(Errcode.INVALID_TEMPLATE_ID);
  if (!ctx.state.templates.delete(app.appId, templateId)) {
    return wechatError(Errcode.INVALID_TEMPLATE_ID);
  }
  ctx.state.changed();
  return wechatOk();
});
