import { Errcode } from '@wxtpl/shared-types';
import { wechatError, wechatOk } from '../http/reply.js';
import { stringField } from './guards.js';
import { newtmplPost } from './newtmpl-guards.js';

/** `POST /wxaapi/newtmpl/deltemplate {priTmplId}`; an id the account lacks answers 40037. */
export const handleSubscribeTemplateDelete = newtmplPost((ctx, app, body) => {
  const id = stringField(body, 'priTmplId');
  if (id === undefined || !ctx.state.subscribeTemplates.delete(app.appId, id)) {
    return wechatError(Errcode.INVALID_TEMPLATE_ID);
  }
  ctx.state.changed();
  return wechatOk();
});
