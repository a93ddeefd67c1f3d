import type { CliCommand } from '../command.js';
import { type CommandContext, positional } from '../context.js';
import { UsageError } from '../errors.js';
import type { OptionName } from '../options.js';
import { categories, keywords, titles } from './subscribe-library.js';
import { send } from './subscribe-send.js';
import { add, list, remove } from './subscribe-templates.js';

interface SubscribeAction {
  /** Positional values it takes after its name. */
  values: number;
  /** The flags of `subscribe` it takes. */
  options: readonly OptionName[];
  run: (ctx: CommandContext) => Promise<void>;
}

const ACTIONS = {
  categories: { values: 0, options: [], run: categories },
  titles: { values: 0, options: ['category', 'keyword'], run: titles },
  keywords: { values: 1, options: [], run: keywords },
  add: { values: 1, options: ['kids', 'scene'], run: add },
  list: { values: 0, options: [], run: list },
  delete: { values: 1, options: [], run: remove },
  send: { values: 0, options: ['to', 'template', 'data', 'page', 'state'], run: send },
} as const satisfies Record<string, SubscribeAction>;

const OPTIONS: readonly OptionName[] = [
  ...new Set(Object.values(ACTIONS).flatMap((action): readonly OptionName[] => action.options)),
];

type Action = keyof typeof ACTIONS;

const NAMES = Object.keys(ACTIONS).join(', ');

function actionOf(name: string | undefined): SubscribeAction | undefined {
  return name !== undefined && Object.hasOwn(ACTIONS, name) ? ACTIONS[name as Action] : undefined;
}

/** `wxtpl subscribe categories|titles|keywords|add|list|delete|send`: subscribe messages (订阅消息). */
export const subscribeCommand: CliCommand = {
  name: 'subscribe',
  synopsis: `  wxtpl subscribe categories                    the account's categories (类目)
  wxtpl subscribe titles [--category IDS] [--keyword TEXT]
                                                public subscribe titles of those categories
  wxtpl subscribe keywords TID                  keywords of a public title, with their KID
  wxtpl subscribe add TID --kids KIDS [--scene TEXT]
                                                add a subscribe template (KIDS: 1,2,3)
  wxtpl subscribe list                          the account's subscribe templates
  wxtpl subscribe delete PRI_TMPL_ID            delete one of the account's subscribe templates
  wxtpl subscribe send --to OPENID --template PRI_TMPL_ID --data JSON [--page P]
                       [--state developer|trial|formal]
                                                send one subscribe message`,
  usage: `Usage:
  wxtpl subscribe categories [--json]
  wxtpl subscribe titles [--category IDS] [--keyword TEXT] [--json]
  wxtpl subscribe keywords TID [--json]
  wxtpl subscribe add TID --kids KIDS [--scene TEXT] [--json]
  wxtpl subscribe list [--json]
  wxtpl subscribe delete PRI_TMPL_ID [--json]
  wxtpl subscribe send --to OPENID --template PRI_TMPL_ID --data JSON [--page PAGE]
                       [--state developer|trial|formal] [--json]

Subscribe messages (订阅消息) are what WeChat sends today: each send is paid for by a user's
acceptance of that template (wx.requestSubscribeMessage), not by a formId.

categories  the account's categories (类目), whose ids --category takes
titles      every public title of the categories (default: all the account's categories), walking
            every page (a progress line on stderr when it is a terminal); --keyword keeps the
            titles that contain TEXT
keywords    the keywords of public title TID: the KID that --kids takes, and the data key (KEY)
            the keyword has in --data
add         adds title TID to the account with 2 to 5 of its keywords, in the order of --kids;
            --scene describes when the app asks (at most 15 characters); prints the PRI_TMPL_ID
list        the account's subscribe templates (wxtpl templates list lists template messages)
delete      deletes one of the account's subscribe templates
send        sends one subscribe message, spending one acceptance of that user
            --data   {"thing1": {"value": "拿铁咖啡"}, "time2": {"value": "2019年10月1日 15:01"}}
                     ({"thing1": "拿铁咖啡"} works too)
            --page   the page the card opens (pages/index/index?id=1)
            --state  the version the card opens: developer, trial or formal (WeChat's default)

A PRI_TMPL_ID may start with "-" (ids are base64url): pass it as it is, or after "--";
--template -Gd4Z… and --template=-Gd4Z… both work.

Examples:
  wxtpl subscribe categories
  wxtpl subscribe titles --category 2,616 --keyword 发货
  wxtpl subscribe keywords 1002
  wxtpl subscribe add 1002 --kids 1,2,3,5 --scene 下单后通知发货
  wxtpl subscribe list --json
  wxtpl subscribe send --to oUser --template Gd4ZBsS2a5ih7PhOz1gYSqf3-bQq1fKcw9mrUd2Lk4Q \\
    --data '{"thing3": {"value": "顺丰速运"}}' --page pages/order/index --state trial
  wxtpl subscribe delete -- -Gd4ZBsS2a5ih7PhOz1gYSqf3bQq1fKcw9mrUd2Lk4Q
`,
  options: OPTIONS,
  expectsValue: (args) => args.length >= 1 && args.length <= (actionOf(args[0])?.values ?? 0),
  async run(ctx) {
    const name = positional(ctx, 0, `subscribe action (${NAMES})`);
    const action = actionOf(name);
    if (action === undefined) {
      throw new UsageError(`unknown subscribe action "${name}" (expected ${NAMES})`, name);
    }
    const extra = ctx.args[action.values + 1];
    if (extra !== undefined) {
      throw new UsageError(`wxtpl subscribe ${name} takes no argument "${extra}"`, extra);
    }
    for (const flag of OPTIONS) {
      if (ctx.flags[flag] !== undefined && !action.options.includes(flag)) {
        throw new UsageError(`wxtpl subscribe ${name} does not take --${flag}`, `--${flag}`);
      }
    }
    await action.run(ctx);
  },
};
