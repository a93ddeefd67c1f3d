import { wechatOk } from '../http/reply.js';
import { describeSubscribeTemplate } from '../state/subscribe-templates.js';
import { newtmplGet } from './newtmpl-guards.js';

/** `GET /wxaapi/newtmpl/gettemplate`: the account's templates, enum values included. */
export const handleSubscribeTemplateList = newtmplGet((ctx, app) =>
  wechatOk({ data: ctx.state.subscribeTemplates.list(app.appId).map(describeSubscribeTemplate) }),
);
