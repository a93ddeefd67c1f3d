import { WeChatPath } from '@wxtpl/shared-types';
import {
  handleApps,
  handleClock,
  handleFaults,
  handleInvalidateTokens,
  handleLimits,
  handleReset,
  handleStats,
} from './control/admin.js';
import { handleFormIds, handleLogin, handlePrepay } from './control/credentials.js';
import { handleInbox, handleUsers } from './control/inbox.js';
import { handlePushes, handlePushVerify } from './control/push.js';
import {
  handleGrant,
  handleMainSwitch,
  handleSensitiveWords,
  handleSubscribe,
  handleSubscribeBans,
  handleSubscribeTemplates,
  handleSubscriptionChange,
  handleSubscriptions,
} from './control/subscribe.js';
import { handleAddTemplate } from './control/templates.js';
import type { Handler } from './http/context.js';
import { handleInboxPage } from './inbox-page/route.js';
import { handleCode2Session } from './wechat/code2session.js';
import { handleLibraryGet } from './wechat/library-get.js';
import { handleLibraryList } from './wechat/library-list.js';
import { handleSubscribeTemplateAdd } from './wechat/newtmpl-add.js';
import { handleSubscribeCategories } from './wechat/newtmpl-category.js';
import { handleSubscribeTemplateDelete } from './wechat/newtmpl-delete.js';
import { handleSubscribeKeywords } from './wechat/newtmpl-keywords.js';
import { handleSubscribeTemplateList } from './wechat/newtmpl-list.js';
import { handleSubscribeTitles } from './wechat/newtmpl-titles.js';
import { handleSend } from './wechat/send.js';
import { handleStableToken } from './wechat/stable-token.js';
import { handleSubscribeSend } from './wechat/subscribe-send.js';
import { handleTemplateAdd } from './wechat/template-add.js';
import { handleTemplateDelete } from './wechat/template-del.js';
import { handleTemplateList } from './wechat/template-list.js';
import { handleToken } from './wechat/token.js';

/** Prefix of the control plane; faults never apply under it. */
export const CONTROL_PREFIX = '/__emulator/';

/** Every path the emulator serves, with its handler. */
export const ROUTES: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  [WeChatPath.token, handleToken],
  [WeChatPath.stableToken, handleStableToken],
  [WeChatPath.code2Session, handleCode2Session],
  [WeChatPath.libraryList, handleLibraryList],
  [WeChatPath.libraryGet, handleLibraryGet],
  [WeChatPath.templateAdd, handleTemplateAdd],
  [WeChatPath.templateList, handleTemplateList],
  [WeChatPath.templateDelete, handleTemplateDelete],
  [WeChatPath.templateSend, handleSend],
  [WeChatPath.subscribeSend, handleSubscribeSend],
  [WeChatPath.subscribeCategories, handleSubscribeCategories],
  [WeChatPath.subscribeTitles, handleSubscribeTitles],
  [WeChatPath.subscribeKeywords, handleSubscribeKeywords],
  [WeChatPath.subscribeTemplateAdd, handleSubscribeTemplateAdd],
  [WeChatPath.subscribeTemplateList, handleSubscribeTemplateList],
  [WeChatPath.subscribeTemplateDelete, handleSubscribeTemplateDelete],
  ['/__emulator/login', handleLogin],
  ['/__emulator/form-ids', handleFormIds],
  ['/__emulator/prepay', handlePrepay],
  ['/__emulator/inbox', handleInbox],
  ['/__emulator/users', handleUsers],
  ['/__emulator/stats', handleStats],
  ['/__emulator/clock', handleClock],
  ['/__emulator/faults', handleFaults],
  ['/__emulator/reset', handleReset],
  ['/__emulator/tokens/invalidate', handleInvalidateTokens],
  ['/__emulator/limits', handleLimits],
  ['/__emulator/apps', handleApps],
  ['/__emulator/templates', handleAddTemplate],
  ['/__emulator/subscribe', handleSubscribe],
  ['/__emulator/subscriptions', handleSubscriptions],
  ['/__emulator/subscriptions/change', handleSubscriptionChange],
  ['/__emulator/subscriptions/main-switch', handleMainSwitch],
  ['/__emulator/subscriptions/grant', handleGrant],
  ['/__emulator/subscribe-templates', handleSubscribeTemplates],
  ['/__emulator/subscribe-bans', handleSubscribeBans],
  ['/__emulator/sensitive-words', handleSensitiveWords],
  ['/__emulator/pushes', handlePushes],
  ['/__emulator/push/verify', handlePushVerify],
  ['/', handleInboxPage],
]);
