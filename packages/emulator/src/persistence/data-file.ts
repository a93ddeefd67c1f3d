import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { WxtplError } from '@wxtpl/shared-types';
import type { EmulatorState, StateDump } from '../emulator-state.js';

/** Thrown at start when a `--data-file` cannot be loaded, or could never be saved. */
export class DataFileError extends WxtplError {
  override name = 'DataFileError';
  constructor(message: string) {
    super('EMULATOR_DATA_FILE', message);
  }
}

/** Refuses a data file whose folder is missing or not writable: every save would fail. */
export function checkDataFileFolder(path: string): void {
  const folder = dirname(resolve(path));
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    throw new DataFileError(`cannot keep the state in ${path}: folder ${folder} does not exist`);
  }
  if (!isFolder) {
    throw new DataFileError(`cannot keep the state in ${path}: ${folder} is not a folder`);
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new DataFileError(`cannot keep the state in ${path}: folder ${folder} is not writable`);
  }
}

/** Loads `path` into `state` if the file exists. */
export function loadDataFile(path: string, state: EmulatorState): boolean {
  checkDataFileFolder(path);
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
