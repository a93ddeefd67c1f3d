import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defineSubscribeTemplate, keywordKindOf } from '@wxtpl/shared-types';
import { Campaigns } from '../../campaigns/campaigns.js';
import type { CampaignStatus } from '../../campaigns/types.js';
import { Notifier } from '../../notify/notifier.js';
import { CreditPool } from '../../pool/credit-pool.js';
import { createRedisStore } from '../../store/redis.js';
import { type ProgressClock, processed, progressLine, statusText } from '../campaign-progress.js';
import type { CliCommand } from '../command.js';
import { type CommandContext, integer, jsonObject, positional } from '../context.js';
import { UsageError } from '../errors.js';

const FINAL = new Set(['done', 'cancelled']);

/** `wxtpl campaign start|status|watch|cancel` */
export const campaignCommand: CliCommand = {
  name: 'campaign',
  synopsis: `  wxtpl campaign start --template ID --data JSON [--openids FILE] [--rate N] [--page P]
                                                send one subscribe message to a whole audience
  wxtpl campaign status|watch|cancel CAMPAIGN_ID
                                                a campaign's counts, live progress, or stop it`,
  usage: `Usage:
  wxtpl campaign start --template TEMPLATE_ID --data JSON [--openids FILE] [--rate N] [--page P]
  wxtpl campaign status CAMPAIGN_ID [--json]
  wxtpl campaign watch CAMPAIGN_ID [--interval MS] [--json]
  wxtpl campaign cancel CAMPAIGN_ID [--json]

Campaigns live in your servers' Redis (--redis / WXTPL_REDIS_URL, --redis-prefix): start queues
one, and the workers your servers run (campaigns.work()) send it.

start    every user holding an acceptance of TEMPLATE_ID (the pool's index), or the openids of
         FILE (one a line); prints the campaign id
         --data  the values by data key: {"thing1": "开售提醒", "time2": "2026-11-30 20:00"}
         --rate  messages per second across every worker
status   where it stands: delivered, skipped (no credit), failed by error
watch    a live progress bar with the time left on a terminal, one line a poll otherwise,
         one JSON object a line with --json; ends when the campaign is done or cancelled
cancel   no further sends (those in flight finish)

Examples:
  wxtpl campaign start --template bDmywsp2oEHjwAadTGKkUHpzUh5sOV7cBnTl0U1Fmnw \\
    --data '{"thing1": "开售提醒", "time2": "2026-11-30 20:00"}' --rate 500
  wxtpl campaign watch lx3k2a1b9c0d1e2f3a
`,
  options: ['template', 'data', 'openids', 'rate', 'page', 'interval'],
  expectsValue: (args) => args.length === 1 && args[0] !== 'start',
  async run(ctx): Promise<number | undefined> {
    const action = positional(ctx, 0, 'campaign action (start, status, watch or cancel)');
    if (!['start', 'status', 'watch', 'cancel'].includes(action)) {
      throw new UsageError(
        `unknown campaign action "${action}" (expected start, status, watch or cancel)`,
        action,
      );
    }
    const session = await open(ctx);
    try {
      if (action === 'start') {
        await start(ctx, session.campaigns);
        return undefined;
      }
      const id = positional(ctx, 1, 'CAMPAIGN_ID');
      if (action === 'status') {
        const status = await session.campaigns.status(id);
        ctx.print(status, () => statusText(status));
        return undefined;
      }
      if (action === 'cancel') {
        const cancelled = await session.campaigns.cancel(id);
        const status = await session.campaigns.status(id);
        ctx.print({ cancelled, status }, () =>
          cancelled ? `cancelled ${id}` : `${id} was over already (${status.state})`,
        );
        return undefined;
      }
      return await watch(ctx, session.campaigns, id);
    } finally {
      await session.close();
    }
  },
};

/** The app's objects over the servers' Redis, as a server creates them. */
async function open(ctx: CommandContext) {
  const url = ctx.flags.redis ?? ctx.io.env.WXTPL_REDIS_URL;
  if (url === undefined || url === '') {
    throw new UsageError(
      "campaign needs the servers' Redis: --redis URL or WXTPL_REDIS_URL",
      '--redis',
    );
  }
  const prefix = ctx.flags['redis-prefix'] ?? ctx.io.env.WXTPL_REDIS_PREFIX ?? 'wxtpl:';
  const client = await ctx.client();
  const store = createRedisStore(url, { prefix });
  const pool = new CreditPool({ store, appId: client.appId });
  const campaigns = new Campaigns({
    redis: url,
    pool,
    notifier: new Notifier({ client, pool }),
    prefix,
  });
  return {
    campaigns,
    async close() {
      await campaigns.close();
      await store.close();
      await client.close();
    },
  };
}

async function start(ctx: CommandContext, campaigns: Campaigns): Promise<void> {
  const { template, data, page, rate } = ctx.flags;
  if (!template) throw new UsageError('campaign start needs --template TEMPLATE_ID', '--template');
  if (!data) throw new UsageError('campaign start needs --data JSON', '--data');
  const values = parseData(data);
  // The data keys name the keywords: a definition whose names are the keys themselves.
  const definition = defineSubscribeTemplate({
    id: template,
    title: template,
    keywords: Object.fromEntries(Object.keys(values).map((key) => [key, key])) as never,
  });
  let openids: string[] | undefined;
  if (ctx.flags.openids !== undefined) {
    const path = resolve(ctx.io.cwd, ctx.flags.openids);
    const text = await readFile(path, 'utf8').catch((error: Error) => {
      throw new UsageError(
        `cannot read --openids ${ctx.flags.openids}: ${error.message}`,
        '--openids',
      );
    });
    openids = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
  }
  const ratePerSecond = rate === undefined ? undefined : integer(rate, '--rate', 1, 1_000_000);
  const { id } = await campaigns.start({
    template: definition,
    audience: openids === undefined ? { subscribedTo: template } : { openids },
    data: values,
    ...(page === undefined ? {} : { page }),
    ...(ratePerSecond === undefined ? {} : { ratePerSecond }),
  });
  ctx.print({ id }, () => id);
}

function parseData(text: string): Record<string, string> {
  const parsed = jsonObject(text, '--data', '{"thing1": "开售提醒"}', 'data keys');
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (keywordKindOf(key) === undefined) {
      throw new UsageError(
        `--data keys are data keys like thing1 or time2, got "${key}"`,
        '--data',
      );
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new UsageError(`--data ${key} must be a string or a number`, '--data');
    }
    values[key] = String(value);
  }
  if (Object.keys(values).length === 0) throw new UsageError('--data names no keyword', '--data');
  return values;
}

/** Polls until the campaign is over: a redrawn bar on a terminal, lines otherwise. */
async function watch(ctx: CommandContext, campaigns: Campaigns, id: string): Promise<number> {
  const interval =
    ctx.flags.interval === undefined ? 1000 : integer(ctx.flags.interval, '--interval', 50, 60_000);
  const tty = ctx.io.stderr.isTTY === true && !ctx.flags.json;
  let clock: ProgressClock | undefined;
  let last = '';
  for (;;) {
    const status: CampaignStatus = await campaigns.status(id);
    const now = Date.now();
    clock ??= { startProcessed: processed(status), startedAt: now };
    const over = FINAL.has(status.state);
    if (ctx.flags.json) {
      ctx.io.stdout.write(`${JSON.stringify(status)}\n`);
    } else if (tty) {
      ctx.io.stderr.write(`\r\x1b[2K${progressLine(status, clock, now)}`);
      if (over) ctx.io.stderr.write('\n');
    } else {
      const line = progressLine(status, clock, now, 20);
      // A plain line per change (and the last one), never a bar redrawn into a log.
      const key = `${status.state} ${processed(status)} ${status.total}`;
      if (key !== last || over) ctx.io.stdout.write(`${line}\n`);
      last = key;
    }
    if (over) {
      if (!ctx.flags.json) ctx.io.stdout.write(`${statusText(status)}\n`);
      return status.state === 'done' ? 0 : 1;
    }
    await new Promise((done) => setTimeout(done, interval));
  }
}
