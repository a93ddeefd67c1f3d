import type { AddressInfo } from 'node:net';
import { createEmulatorControl, type EmulatorControl } from './client/control-client.js';
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_HOST } from './defaults.js';
import { EmulatorState } from './emulator-state.js';
import { DataFileSaver, loadDataFile } from './persistence/data-file.js';
import { createEmulatorServer as createServer } from './server.js';
import type { AppConfig } from './state/apps.js';

/** Options of {@link startEmulator}. */
export interface StartEmulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /**
   * Apps served (default: the demo app `wx0000000000demo` / `demo-app-secret`); `push` configures
   * message push to the app's server.
   */
  apps?: AppConfig[];
  /**
   * Keep the state in this JSON file: loaded on start, saved (debounced) on every change. Its
   * folder must exist and be writable, else `startEmulator` rejects with `DataFileError`.
   */
  dataFile?: string;
  /**
   * Host names besides loopback ones (`localhost`, `127.x.x.x`, `::1`) under which the control
   * plane answers, e.g. a compose service name. The WeChat API paths answer under any name.
   */
  controlHosts?: string[];
}

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`: use it as the WeChat API base URL. */
  url: string;
  port: number;
  /** A typed client of the control plane of this emulator. */
  control: EmulatorControl;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

/** Starts an emulator of the WeChat API on real HTTP, its state in memory. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? DEFAULT_HOST;
  const apps = options.apps ?? [{ appId: DEFAULT_APP_ID, appSecret: DEFAULT_APP_SECRET }];
  const state = new EmulatorState(apps);
  let saver: DataFileSaver | undefined;
  if (options.dataFile !== undefined) {
    loadDataFile(options.dataFile, state);
    const fileSaver = new DataFileSaver(options.dataFile, state);
    state.onChange = () => fileSaver.schedule();
    saver = fileSaver;
  }
  const server = createServer(state, { controlHosts: options.controlHosts ?? [] });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    control: createEmulatorControl(url),
    close() {
      closing ??= new Promise<void>((resolve) => {
        state.push.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => saver?.flush());
      return closing;
    },
  };
}
