import type { TemplateSendData, TemplateSendRequest } from '@wxtpl/shared-types';
import type { CliCommand } from '../command.js';
import { jsonObject, keywordData, withClient } from '../context.js';
import { UsageError } from '../errors.js';

const SLOT = /^keyword[1-9]\d*$/;

/** `wxtpl send --to --template --form-id --data [--page] [--emphasis]` */
export const sendCommand: CliCommand = {
  name: 'send',
  synopsis: `  wxtpl send --to OPENID --template ID --form-id ID --data JSON [--page P] [--emphasis NAME]
                                                send one template message`,
  usage: `Usage: wxtpl send --to OPENID --template TEMPLATE_ID --form-id FORM_ID --data JSON
                  [--page PAGE] [--emphasis SLOT] [--json]

Sends one template message, spending FORM_ID (a formId or a prepay_id of that user).

--data      {"keyword1": "text", "keyword2": {"value": "text", "color": "#173177"}}
--page      the page the message opens (pages/index/index?id=1)
--emphasis  the slot shown enlarged: keyword1 (or keyword1.DATA)

Each value is taken as it is, even one starting with "-": --template -gMXutX… and
--template=-gMXutX… both work.

Example:
  wxtpl send --to oUser --template -gMXutX0Ml2vn3Tol5wKrZ4Qdy0Hn0XfKQ5M9RlFmGo \\
    --form-id 1d6ad8a06c3b4b57a0d7bb9c7c1f5d4e --data '{"keyword1": "339208499"}' --emphasis keyword1
`,
  options: ['to', 'template', 'form-id', 'data', 'page', 'emphasis'],
  expectsValue: () => false,
  async run(ctx) {
    const { to, template, data, page, emphasis } = ctx.flags;
    const formId = ctx.flags['form-id'];
    if (!to) throw new UsageError('send needs --to OPENID', '--to');
    if (!template) throw new UsageError('send needs --template TEMPLATE_ID', '--template');
    if (!formId) throw new UsageError('send needs --form-id FORM_ID', '--form-id');
    if (!data) throw new UsageError('send needs --data JSON', '--data');
    const payload: TemplateSendRequest = {
      touser: to,
      template_id: template,
      form_id: formId,
      data: parseData(data),
    };
    if (page !== undefined) payload.page = page;
    if (emphasis !== undefined) {
      const slot = emphasis.replace(/\.DATA$/, '');
      if (!SLOT.test(slot)) {
        throw new UsageError(
          `--emphasis takes a slot like keyword1, got "${emphasis}"`,
          '--emphasis',
        );
      }
      if (!(slot in payload.data)) {
        throw new UsageError(`--emphasis ${slot} is not in --data`, '--emphasis');
      }
      payload.emphasis_keyword = `${slot as `keyword${number}`}.DATA`;
    }
    await withClient(ctx, async (client) => {
      const answer = await client.messages.send(payload);
      ctx.print(answer, () => `sent to ${to}`);
    });
  },
};

/** `{"keyword1": "text"}` or the wire form `{"keyword1": {"value": "text", "color": "#173177"}}`. */
function parseData(text: string): TemplateSendData {
  const parsed = jsonObject(text, '--data', '{"keyword1": "339208499"}', 'keywordN values');
  // Objects are kept as given: the wire form may carry a color.
  return keywordData(parsed, SLOT, 'slots like keyword1') as TemplateSendData;
}
