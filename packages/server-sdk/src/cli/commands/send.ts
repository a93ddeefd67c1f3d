import type { TemplateDataValue, TemplateSendData, TemplateSendRequest } from '@wxtpl/shared-types';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';

const SLOT = /^keyword[1-9]\d*$/;

/** `wxtpl send --to --template --form-id --data [--page] [--emphasis]` */
export async function sendCommand(ctx: CommandContext): Promise<void> {
  const { to, template, data, page, emphasis } = ctx.flags;
  const formId = ctx.flags['form-id'];
  if (!to) throw new UsageError('send needs --to OPENID');
  if (!template) throw new UsageError('send needs --template TEMPLATE_ID');
  if (!formId) throw new UsageError('send needs --form-id FORM_ID');
  if (!data) throw new UsageError('send needs --data JSON');
  const payload: TemplateSendRequest = {
    touser: to,
    template_id: template,
    form_id: formId,
    data: parseData(data),
  };
  if (page !== undefined) payload.page = page;
  if (emphasis !== undefined) {
    const slot = emphasis.replace(/\.DATA$/, '');
    if (!SLOT.test(slot))
      throw new UsageError(`--emphasis takes a slot like keyword1, got "${emphasis}"`);
    if (!(slot in payload.data)) throw new UsageError(`--emphasis ${slot} is not in --data`);
    payload.emphasis_keyword = `${slot as `keyword${number}`}.DATA`;
  }
  const client = ctx.client();
  try {
    const answer = await client.messages.send(payload);
    ctx.print(answer, () => `sent to ${to}`);
  } finally {
    await client.close();
  }
}

/** `{"keyword1": "text"}` or the wire form `{"keyword1": {"value": "text", "color": "#173177"}}`. */
function parseData(text: string): TemplateSendData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError('--data must be JSON, e.g. {"keyword1": "339208499"}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError('--data must be a JSON object of keywordN values');
  }
  const data: Record<string, TemplateDataValue> = {};
  for (const [slot, value] of Object.entries(parsed)) {
    if (!SLOT.test(slot))
      throw new UsageError(`--data keys are slots like keyword1, got "${slot}"`);
    if (typeof value === 'string') data[slot] = { value };
    else if (typeof value === 'object' && value !== null && typeof value.value === 'string') {
      data[slot] = value as TemplateDataValue;
    } else {
      throw new UsageError(`--data ${slot} must be a string or {"value": "..."}`);
    }
  }
  if (Object.keys(data).length === 0) throw new UsageError('--data names no keyword');
  return data as TemplateSendData;
}
