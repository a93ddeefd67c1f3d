import type { AnyInboxMessage } from '@wxtpl/emulator';

/** Where the demo narrates what happens. */
export interface Transcript {
  /** A numbered step: what the user (or the merchant) does. */
  step(title: string): void;
  /** What happened underneath, indented under the step. */
  detail(line: string): void;
  /** A check that passed. */
  ok(line: string): void;
  /** Free text. */
  line(text?: string): void;
}

const style = (enabled: boolean) => ({
  bold: (s: string) => (enabled ? `\u001b[1m${s}\u001b[22m` : s),
  dim: (s: string) => (enabled ? `\u001b[2m${s}\u001b[22m` : s),
  green: (s: string) => (enabled ? `\u001b[32m${s}\u001b[39m` : s),
});

/** A transcript written line by line (to stdout by default), colored on a terminal. */
export function createTranscript(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  color = process.stdout.isTTY === true && !process.env.NO_COLOR,
): Transcript {
  const s = style(color);
  let count = 0;
  return {
    step(title) {
      count += 1;
      write('');
      write(s.bold(`${String(count).padStart(2)}. ${title}`));
    },
    detail(line) {
      write(`    ${s.dim('·')} ${line}`);
    },
    ok(line) {
      write(`    ${s.green('✓')} ${line}`);
    },
    line(text = '') {
      write(text);
    },
  };
}

/** A transcript that remembers its lines (tests). */
export function recordingTranscript(): Transcript & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    createTranscript((line) => lines.push(line), false),
    { lines },
  );
}

/** Shortens an id for display: `wx_fid_8d3f…c41a`. */
export function short(id: string, keep = 8): string {
  return id.length <= keep * 2 + 1 ? id : `${id.slice(0, keep)}…${id.slice(-4)}`;
}

function clockTime(epochMs: number): string {
  const date = new Date(epochMs);
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`;
}

/**
 * The inbox as WeChat's "服务通知" shows it: one card per message, the emphasised keyword large
 * under the title, then the other keywords, then the link into the mini-program.
 */
export function renderInbox(messages: readonly AnyInboxMessage[], color = false): string[] {
  const s = style(color);
  const lines: string[] = [];
  const width = 44;
  for (const message of messages) {
    const emphasisSlot =
      message.kind === 'subscribe'
        ? null
        : (message.emphasis_keyword?.replace(/\.DATA$/, '') ?? null);
    // keywords[i] fills slot keyword{i+1}.
    const isEmphasis = (index: number) => `keyword${index + 1}` === emphasisSlot;
    lines.push(`  ┌${'─'.repeat(width)}`);
    lines.push(`  │ ${s.bold(message.title)}  ${s.dim(clockTime(message.receivedAt))}`);
    message.keywords.forEach((keyword, index) => {
      if (isEmphasis(index)) {
        lines.push(`  │ ${s.bold(`【${keyword.value}】`)}`);
      }
    });
    message.keywords.forEach((keyword, index) => {
      if (isEmphasis(index)) return;
      lines.push(`  │ ${s.dim(keyword.name.padEnd(5, '　'))} ${keyword.value}`);
    });
    if (message.page) lines.push(`  │ ${s.dim(`进入小程序查看 › ${message.page}`)}`);
    lines.push(`  └${'─'.repeat(width)}`);
  }
  return lines;
}
