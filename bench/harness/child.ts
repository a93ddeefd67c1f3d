import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { stopChild } from '@wxtpl/testkit';

/** A request to a worker process and its answer, over IPC. */
interface Envelope {
  id?: number;
  ready?: boolean;
  ok?: boolean;
  result?: unknown;
  error?: string;
}

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * A TypeScript worker (run through tsx) in its own Node process, answering `call`s.
 * Its stdout goes to our stderr: our stdout carries only the table or the JSON.
 */
export class Worker {
  readonly #child: ChildProcess;
  readonly ready: Promise<void>;
  #next = 0;
  readonly #pending = new Map<number, (reply: Envelope) => void>();

  constructor(file: URL, nodeFlags: string[] = []) {
    this.#child = fork(file, [], {
      execArgv: [...nodeFlags, '--import', TSX],
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.#child.once('error', reject);
      this.#child.once('exit', (code) => {
        const error = new Error(`worker ${file.pathname} exited with ${code}`);
        reject(error);
        for (const answer of this.#pending.values()) answer({ ok: false, error: error.message });
      });
      this.#child.on('message', (reply: Envelope) => {
        if (reply.ready) resolve();
        else if (reply.id !== undefined) this.#pending.get(reply.id)?.(reply);
      });
    });
  }

  /** Sends a command; resolves to the worker's result or rejects with its error. */
  async call<T>(command: string, input: unknown = null): Promise<T> {
    await this.ready;
    const id = this.#next++;
    const reply = await new Promise<Envelope>((resolve) => {
      this.#pending.set(id, resolve);
      this.#child.send({ id, command, input });
    });
    this.#pending.delete(id);
    if (!reply.ok) throw new Error(reply.error ?? 'worker failed');
    return reply.result as T;
  }

  stop(): Promise<void> {
    return stopChild(this.#child);
  }
}

/** Worker side: answers each command with its handler's result. */
export function serveCommands(
  handlers: Record<string, (input: never) => Promise<unknown> | unknown>,
): void {
  const send = (message: Envelope) => process.send?.(message);
  process.on('message', async (message: { id: number; command: string; input: never }) => {
    const handler = handlers[message.command];
    try {
      if (handler === undefined) throw new Error(`unknown command ${message.command}`);
      send({ id: message.id, ok: true, result: await handler(message.input) });
    } catch (error) {
      send({ id: message.id, ok: false, error: String((error as Error)?.stack ?? error) });
    }
  });
  // Ends with the parent, whatever happens to it.
  process.on('disconnect', () => process.exit(0));
  send({ ready: true });
}
