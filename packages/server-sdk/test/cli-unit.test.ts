import { LIBRARY, SUBSCRIBE_LIBRARY } from '@wxtpl/emulator';
import { startTestEmulator, type TestEmulator } from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { displayWidth, formatTable } from '../src/cli/table.js';
import { captureIo, cliEnv } from './helpers/run-cli.js';

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
});

const fakeIo = (isTTY: boolean) => captureIo(cliEnv(emulator, emulator.url), isTTY);

describe('CLI progress indicator', () => {
  it('draws page progress on a terminal stderr and clears it', async () => {
    const { io, out, err } = fakeIo(true);
    expect(await runCli(['library', 'list', '--all'], io)).toBe(0);
    const pages = Math.ceil(LIBRARY.length / 20);
    const draws = err.filter((line) => line.startsWith('\rlibrary titles'));
    expect(draws).toHaveLength(pages);
    expect(draws.at(-1)).toContain(`${LIBRARY.length}/${LIBRARY.length}`);
    expect(err.at(-1)).toBe('\r\x1b[2K');
    expect(out.join('')).toContain(`${LIBRARY.length} titles`);
  });

  it('draws the walk of subscribe titles on a terminal stderr and clears it', async () => {
    const { io, out, err } = fakeIo(true);
    expect(await runCli(['subscribe', 'titles', '--category', '2,616'], io)).toBe(0);
    const total = SUBSCRIBE_LIBRARY.filter((t) => ['2', '616'].includes(t.categoryId)).length;
    const draws = err.filter((line) => line.startsWith('\rsubscribe titles'));
    expect(draws).toHaveLength(Math.ceil(total / 30));
    expect(draws.at(-1)).toContain(`${total}/${total}`);
    expect(err.at(-1)).toBe('\r\x1b[2K');
    expect(out.join('')).toContain(`${total} titles`);
  });

  it('stays silent when stderr is not a terminal', async () => {
    const { io, err } = fakeIo(false);
    expect(await runCli(['templates', 'list', '--all'], io)).toBe(0);
    expect(err).toEqual([]);
  });
});

describe('tables', () => {
  it('pads columns by display width, CJK counting double', () => {
    expect(displayWidth('购买ab')).toBe(6);
    const table = formatTable(
      ['ID', 'TITLE'],
      [
        ['AT0002', '购买成功通知'],
        ['AT12', 'x'],
      ],
    );
    expect(table.split('\n')).toEqual([
      'ID      TITLE',
      '──────  ────────────',
      'AT0002  购买成功通知',
      'AT12    x',
    ]);
  });
});
