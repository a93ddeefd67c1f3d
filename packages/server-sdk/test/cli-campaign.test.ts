import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Campaigns } from '../src/campaigns/index.js';
import type { CampaignWorker } from '../src/campaigns/types.js';
import { runCli } from '../src/cli/main.js';
import { inboxCounts, reminderAudience, useNotifyStack } from './helpers/campaign.js';
import { captureIo, cliEnv } from './helpers/run-cli.js';

const DATA = JSON.stringify({ thing1: '开售提醒', amount2: '¥9.90', time3: '2026-11-30 20:00' });

describe('wxtpl campaign', () => {
  const s = useNotifyStack('cli-campaign');
  let campaigns: Campaigns;
  let worker: CampaignWorker;
  let templateId: string;
  let holders: string[];

  beforeAll(async () => {
    const audience = await reminderAudience(s, 'cli', 30);
    templateId = audience.template.id;
    holders = audience.holders;
    campaigns = new Campaigns({
      redis: s.redis.url,
      pool: s.pool,
      notifier: s.notifier,
      prefix: s.redis.prefix,
      batchSize: 10,
    });
    worker = campaigns.work({ concurrency: 4 });
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await campaigns?.close();
  });

  const fakeIo = (isTTY: boolean) =>
    captureIo(
      {
        ...cliEnv(s.emu, s.emu.url),
        WXTPL_REDIS_URL: s.redis.url,
        WXTPL_REDIS_PREFIX: s.redis.prefix,
      },
      isTTY,
    );

  it('starts a campaign, watches it live on a terminal to the end, and reports its counts', async () => {
    const started = fakeIo(false);
    const status = await runCli(
      ['campaign', 'start', '--template', templateId, '--data', DATA, '--rate', '30'],
      started.io,
    );
    expect(started.err.join('')).toBe('');
    expect(status).toBe(0);
    const id = started.out.join('').trim();
    expect(id).toMatch(/^[0-9a-z]+$/);

    const tty = fakeIo(true);
    expect(await runCli(['campaign', 'watch', id, '--interval', '100'], tty.io)).toBe(0);
    const draws = tty.err.filter((text) => text.startsWith('\r\x1b[2K'));
    expect(draws.length).toBeGreaterThan(3);
    expect(draws.some((text) => /running +\[#*\.+\] +\d+% .*ETA \d/.test(text))).toBe(true);
    expect(draws.at(-1)?.slice('\r\x1b[2K'.length)).toMatch(/^done +\[#{24}\] 100% 30\/30/);
    expect(tty.out.join('')).toContain('delivered  30');

    const json = fakeIo(false);
    expect(await runCli(['campaign', 'status', id, '--json'], json.io)).toBe(0);
    expect(JSON.parse(json.out.join(''))).toMatchObject({
      state: 'done',
      total: 30,
      delivered: 30,
    });
    const inbox = await inboxCounts(s.emu);
    expect(holders.every((o) => inbox.get(o) === 1)).toBe(true);
  }, 60_000);

  it('prints plain lines off a terminal, JSON lines with --json, and cancels', async () => {
    // Everyone was reached: a second campaign to the same users skips them all, slowly.
    const listFile = `${s.redis.prefix.replace(/[^a-z0-9]/gi, '')}.txt`;
    const { writeFile, rm } = await import('node:fs/promises');
    await writeFile(listFile, `${holders.join('\n')}\n`);
    try {
      const started = fakeIo(false);
      await runCli(
        [
          'campaign',
          'start',
          '--template',
          templateId,
          '--data',
          DATA,
          '--openids',
          listFile,
          '--rate',
          '5',
        ],
        started.io,
      );
      const id = started.out.join('').trim();
      const lines = fakeIo(false);
      const watching = runCli(['campaign', 'watch', id, '--interval', '100', '--json'], lines.io);
      await new Promise((resolve) => setTimeout(resolve, 700));
      const cancel = fakeIo(false);
      expect(await runCli(['campaign', 'cancel', id], cancel.io)).toBe(0);
      expect(cancel.out.join('')).toBe(`cancelled ${id}\n`);
      expect(await watching).toBe(1);
      const objects = lines.out.map((line) => JSON.parse(line));
      expect(objects.at(-1)).toMatchObject({ id, state: 'cancelled' });
      expect(objects.at(-1).skipped).toBeLessThan(30);
      expect(lines.err).toEqual([]);

      const plain = fakeIo(false);
      expect(await runCli(['campaign', 'watch', id], plain.io)).toBe(1);
      expect(plain.out.join('')).toMatch(/^cancelled .*\ncampaign [0-9a-z]+: cancelled/);
    } finally {
      await rm(listFile, { force: true });
    }
  }, 60_000);

  it('refuses bad usage with status 2', async () => {
    const noRedis = fakeIo(false);
    delete noRedis.io.env.WXTPL_REDIS_URL;
    expect(await runCli(['campaign', 'status', 'abc'], noRedis.io)).toBe(2);
    expect(noRedis.err.join('')).toContain('--redis');
    const badData = fakeIo(false);
    expect(
      await runCli(
        ['campaign', 'start', '--template', templateId, '--data', '{"keyword1": "x"}'],
        badData.io,
      ),
    ).toBe(2);
    const unknown = fakeIo(false);
    expect(await runCli(['campaign', 'status', 'nosuchcampaign'], unknown.io)).toBe(1);
    expect(unknown.err.join('')).toContain('no campaign');
  });
});
