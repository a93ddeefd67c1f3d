import type { CliCommand } from './command.js';

/** `wxtpl --help`: every command's synopsis, then the flags every command takes. */
export function globalUsage(commands: readonly CliCommand[]): string {
  return `wxtpl — WeChat mini-program notifications from the command line, of both kinds:
  subscribe messages (订阅消息)  what WeChat sends today: each send spends one acceptance of the
                                 template by the user (wx.requestSubscribeMessage); wxtpl subscribe
  template messages (模板消息)   the older kind: each send spends a formId or prepay_id;
                                 wxtpl library, templates and send
codegen and check cover both kinds.

Usage:
${commands.map((command) => command.synopsis).join('\n')}

Run wxtpl COMMAND --help for a command's arguments and examples.

Credentials (flags win over the environment):
  --appid ID        or WXTPL_APPID
  --secret SECRET   or WXTPL_SECRET   (prefer the variable: flags show up in process lists)
  --base-url URL    or WXTPL_BASE_URL (default https://api.weixin.qq.com)
With neither an AppID nor a secret, and WXTPL_BASE_URL (or --base-url) pointing at a local
wxtpl-emulator, the emulator's demo app is used.

The access_token (fetched from stable_token by default, which answers the servers' token):
  --redis URL       or WXTPL_REDIS_URL     share your servers' Redis store: their token, their lock
  --redis-prefix P  or WXTPL_REDIS_PREFIX  its key prefix (default wxtpl:)
  WXTPL_ACCESS_TOKEN                       use this token as it is (then no secret is needed)

Options:
  --json            machine-readable output on stdout
  --timeout MS      timeout of each request (default 10000)
  -h, --help        this help

Values are taken as they are, even when they start with "-" (template ids are base64url):
--template -gMXut…, --template=-gMXut…, wxtpl templates delete -gMXut…; after "--" every
argument is positional.
Exit status: 0 on success, 1 when WeChat refuses or cannot be reached (or lint or check finds errors), 2 on bad usage.
`;
}

/** `wxtpl COMMAND --help`: the command's usage, then the flags every command takes. */
export function commandUsage(command: CliCommand): string {
  return `${command.usage}
Credentials: --appid / WXTPL_APPID, --secret / WXTPL_SECRET, --base-url / WXTPL_BASE_URL
(run wxtpl --help for details); --timeout MS per request; -h, --help this help.
`;
}
