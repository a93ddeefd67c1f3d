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
import { handleAddTemplate } from './control/templates.js';
import type { Handler } from './http/context.js';
import { handleInboxPage } from './inbox-page/route.js';
import { handleCode2Session } from './wechat/code2session.js';
import { handleLibraryGet } from './wechat/library-get.js';
import { handleLibraryList } from './wechat/library-list.js';
import { handleSend } from './wechat/send.js';
import { handleTemplateAdd } from './wechat/template-add.js';
import { handleTemplateDelete } from './wechat/template-del.js';
import { handleTemplateList } from './wechat/template-list.js';
import { handleToken } from './wechat/token.js';

/** Prefix of the control plane; faults never apply under it. */
export const CONTROL_PREFIX = '/__emulator/';

/** Every path the emulator serves, with its handler. */
export const ROUTES: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  [WeChatPath.token, handleToken],
  [WeChatPath.code2Session, handleCode2Session],
  [WeChatPath.libraryList, handleLibraryList],
  [WeChatPath.libraryGet, handleLibraryGet],
  [WeChatPath.templateAdd, handleTemplateAdd],
  [WeChatPath.templateList, handleTemplateList],
  [WeChatPath.templateDelete, handleTemplateDelete],
  [WeChatPath.templateSend, handleSend],
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
  ['/', handleInboxPage],
]);
