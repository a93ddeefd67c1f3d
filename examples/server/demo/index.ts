import { type DemoResult, DemoStepError, runDemoFlow } from './flow.js';
import { type DemoStack, startDemoStack } from './stack.js';
import { createTranscript, renderInbox, type Transcript } from './transcript.js';

export { type DemoResult, DemoStepError, runDemoFlow } from './flow.js';
export { type DemoStack, miniProgramPages, startDemoStack } from './stack.js';
export {
  createTranscript,
  recordingTranscript,
  renderInbox,
  type Transcript,
} from './transcript.js';

/** The messages the demo must deliver, in order. */
export const EXPECTED_TITLES = [
  '预约成功通知',
  '预约成功通知',
  '订单支付成功通知',
  '订单发货提醒',
  '订单签收提醒',
] as const;

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  out?: Transcript;
  /** Keep the emulator and the server running (until the returned `close`). */
  serve?: boolean;
  color?: boolean;
}

/** A finished demo: its result, and `close` for the servers (already closed unless `serve`). */
export interface DemoRun extends DemoResult {
  stack: DemoStack;
  close(): Promise<void>;
}

/**
 * `pnpm demo`: starts the emulator and the example backend on free ports, runs the example
 * mini-program's real code as a user, prints each step and the user's inbox. Rejects with a
 * {@link DemoStepError} (or the underlying error) naming the step that failed.
 */
export async function runDemo(options: RunDemoOptions = {}): Promise<DemoRun> {
  const color = options.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR);
  const out = options.out ?? createTranscript(undefined, color);
  out.line('wxtpl demo: template messages end to end, against a local WeChat API emulator');

  out.step('Start the WeChat emulator and the example backend');
  const stack = await startDemoStack();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await stack.close();
  };
  try {
    out.detail(`emulator (api.weixin.qq.com stand-in): ${stack.emulator.url}`);
    out.detail(`example backend (Fastify):             ${stack.serverUrl}`);
    for (const t of stack.server.resolutions) {
      out.detail(
        `template 「${t.title}」 → ${t.templateId} (${t.origin === 'library' ? 'added from the library' : 'already in the account'})`,
      );
    }

    const setup = await stack.emulator.control.stats();
    const calls = Object.entries(setup.requests).filter(([path]) => path.startsWith('/cgi-bin/'));
    out.detail(
      `backend → WeChat: ${calls.map(([path, n]) => (n > 1 ? `${path} ×${n}` : path)).join(', ')}`,
    );

    const result = await runDemoFlow(stack, out);

    out.step(`The user's 服务通知 (service notifications), as on the phone`);
    for (const line of renderInbox(result.messages, color)) out.line(line);
    const titles = result.messages.map((m) => m.title);
    if (titles.join('|') !== EXPECTED_TITLES.join('|')) {
      throw new DemoStepError(
        `the inbox holds ${titles.join(', ') || 'nothing'}; expected ${EXPECTED_TITLES.join(', ')}`,
      );
    }
    out.ok(
      `${result.messages.length} messages delivered: 2 booking confirmations, 3 order notifications`,
    );
    const stats = await stack.emulator.control.stats();
    out.detail(
      `emulator: ${stats.tokensIssued} access_token issued, ${stats.sends.ok} sends ok, ${Object.values(stats.sends.failed).reduce((a, b) => a + b, 0)} refused`,
    );
    if (!options.serve) await close();
    return { ...result, stack, close };
  } catch (error) {
    await close();
    throw error;
  }
}
