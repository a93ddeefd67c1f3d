import type {
  MiniprogramState,
  SubscribeSendData,
  SubscribeSendRequest,
} from '@wxtpl/shared-types';
import { type CommandContext, jsonObject, keywordData, withClient } from '../context.js';
import { UsageError } from '../errors.js';

/** A data key: the keyword kind, then its number (`thing1`, `character_string2`). */
const KEY = /^[a-z][a-z_]*\d+$/;
const STATES: readonly MiniprogramState[] = ['developer', 'trial', 'formal'];

/** `wxtpl subscribe send --to --template --data [--page] [--state]` */
export async function send(ctx: CommandContext): Promise<void> {
  const { to, template, data, page, state } = ctx.flags;
  if (!to) throw new UsageError('subscribe send needs --to OPENID', '--to');
  if (!template) {
    throw new UsageError('subscribe send needs --template PRI_TMPL_ID', '--template');
  }
  if (!data) throw new UsageError('subscribe send needs --data JSON', '--data');
  const payload: SubscribeSendRequest = {
    touser: to,
    template_id: template,
    data: parseData(data),
  };
  if (page !== undefined) payload.page = page;
  if (state !== undefined) payload.miniprogram_state = parseState(state);
  await withClient(ctx, async (client) => {
    const answer = await client.subscribe.send(payload);
    ctx.print(
      answer,
      () => `sent to ${to}${answer.msgid === undefined ? '' : ` (msgid ${answer.msgid})`}`,
    );
  });
}

function parseState(text: string): MiniprogramState {
  if (!(STATES as readonly string[]).includes(text)) {
    throw new UsageError(`--state must be ${STATES.join(', ')}, got "${text}"`, '--state');
  }
  return text as MiniprogramState;
}

/** `{"thing1": {"value": "text"}}` (the wire form) or `{"thing1": "text"}`. */
function parseData(text: string): SubscribeSendData {
  const parsed = jsonObject(text, '--data', '{"thing1": {"value": "拿铁咖啡"}}', 'keyword values');
  const data = keywordData(parsed, KEY, 'keywords like thing1 or time2');
  // A subscribe keyword has no color: of an object, only its value goes out.
  return Object.fromEntries(Object.entries(data).map(([key, { value }]) => [key, { value }]));
}
