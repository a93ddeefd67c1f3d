import type { CliCommand } from '../command.js';
import { withClient } from '../context.js';

/** `wxtpl token` */
export const tokenCommand: CliCommand = {
  name: 'token',
  synopsis: `  wxtpl token                                   print a valid access_token`,
  usage: `Usage: wxtpl token [--json]

Prints a valid access_token of the app (fetched, or the one still valid).

Example:
  wxtpl token
  wxtpl token --json    # {"access_token": "..."}
`,
  options: [],
  expectsValue: () => false,
  async run(ctx) {
    await withClient(ctx, async (client) => {
      const token = await client.getAccessToken();
      ctx.print({ access_token: token }, () => token);
    });
  },
};
