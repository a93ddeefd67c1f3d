import { type DemoResult, DemoStepError, EXPECTED_TITLES, runDemoFlow } from './flow.js';
import { type DemoStack, startDemoStack } from './stack.js';
import { createTranscript, renderInbox, type Transcript } from './transcript.js';

export { type DemoResult, DemoStepError, EXPECTED_TITLES, runDemoFlow } from './flow.js';
export { type DemoBackend, type DemoStack, miniProgramPages, startDemoStack } from './stack.js';
export {
  createTranscript,
  recordingTranscript,
  renderInbox,
  type Transcript,
} from './transcript.js';

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
  out.line(
    'wxtpl demo: subscribe messages, then template messages, end to end, against a local WeChat API emulator',
  );

  out.step('Start the WeChat emulator and the example backends (one per kind of message)');
  const stack = await startDemoStack();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await stack.close();
  };
  try {
    out.detail(`emulator (api.weixin.qq.com stand-in): ${stack.emulator.url}`);
    for (const [kind, backend] of Object.entries(stack.backends)) {
      out.detail(`example backend, ${kind} messages (Fastify): ${backend.url}`);
      for (const t of backend.server.resolutions) {
        out.detail(
          `  「${t.title}」 → ${t.templateId} (${t.origin === 'library' ? 'added from the library' : 'already in the account'})`,
        );
      }
    }
    out.detail(`message push (消息推送) → ${stack.backends.subscribe.url}/wechat/push`);

    const setup = await stack.emulator.control.stats();
    const calls = Object.entries(setup.requests).filter(([path]) => path.startsWith('/cgi-bin/'));
    out.detail(
      `backend → WeChat: ${calls.map(([path, n]) => (n > 1 ? `${path} ×${n}` : path)).join(', ')}`,
    );

    const result = await runDemoFlow(stack, out);

    out.step(`The user's 服务通知 (service notifications), as on the phone`);
    for (const kind of ['subscribe', 'template'] as const) {
      for (const line of renderInbox(result.messages[kind], color)) out.line(line);
      const titles = result.messages[kind].map((m) => m.title);
      if (titles.join('|') !== EXPECTED_TITLES[kind].join('|')) {
        throw new DemoStepError(
          `the ${kind} inbox holds ${titles.join(', ') || 'nothing'}; expected ${EXPECTED_TITLES[kind].join(', ')}`,
        );
      }
    }
    out.ok(
      `${result.messages.subscribe.length} subscribe messages (3 reminders, none for the rejected one; shipping, delivery) and ${result.messages.template.length} template messages (2 bookings, 3 order notices)`,
    );
    const stats = await stack.emulator.control.stats();
    const refused = (failed: Record<string, number>) =>
      Object.values(failed).reduce((a, b) => a + b, 0);
    out.detail(
      `emulator: ${stats.tokensIssued} access_token(s) issued; subscribe sends ${stats.subscribeSends.ok} ok, ${refused(stats.subscribeSends.failed)} refused; template sends ${stats.sends.ok} ok, ${refused(stats.sends.failed)} refused; pushes ${stats.pushes.delivered} delivered`,
    );
    out.detail(`inbox page: ${result.inboxUrl}`);
    if (!options.serve) await close();
    return { ...result, stack, close };
  } catch (error) {
    await close();
    throw error;
  }
}
