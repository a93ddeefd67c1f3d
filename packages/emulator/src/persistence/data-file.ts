import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { EmulatorState, StateDump } from '../state/emulator-state.js';

/** Thrown when a `--data-file` exists but cannot be loaded. */
export class DataFileError extends Error {
  override name = 'DataFileError';
}

/** Loads `path` into `state` if the file exists. */
export function loadDataFile(path: string, state: EmulatorState): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new DataFileError(`cannot read data file ${path}: ${(error as Error).message}`);
  }
  let dump: StateDump;
  try {
    dump = JSON.parse(text) as StateDump;
  } catch {
    throw new DataFileError(`data file ${path} is not valid JSON`);
  }
  if (dump?.version !== 1) throw new DataFileError(`data file ${path} has an unknown version`);
  try {
    state.load(dump);
  } catch (error) {
    throw new DataFileError(`data file ${path} is damaged: ${(error as Error).message}`);
  }
  return true;
}

/** Saves the state to `path` at most once per `debounceMs`, atomically (write, then rename). */
export class DataFileSaver {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly state: EmulatorState,
    private readonly debounceMs = 200,
  ) {}

  /** Schedules a save; changes arriving meanwhile join it. */
  schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Writes any pending change now and waits for it. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.save();
    }
    await this.writing;
  }

  private save(): Promise<void> {
    const json = JSON.stringify(this.state.dump());
    this.writing = this.writing.then(async () => {
      const tmp = `${this.path}.${process.pid}.tmp`;
      try {
        await writeFile(tmp, json, { mode: 0o600 });
        await rename(tmp, this.path);
      } catch (error) {
        process.stderr.write(
          `wxtpl-emulator: cannot save ${this.path}: ${(error as Error).message}\n`,
        );
      }
    });
    return this.writing;
  }
}
