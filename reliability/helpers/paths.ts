import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `file:` URL of the built server SDK, for child processes (what an app deploys). */
export const SERVER_SDK_DIST = pathToFileURL(`${REPO_ROOT}packages/server-sdk/dist/index.js`).href;

/** The built emulator CLI (`wxtpl-emulator`). */
export const EMULATOR_CLI = `${REPO_ROOT}packages/emulator/dist/cli.js`;
