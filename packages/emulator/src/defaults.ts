import { EMULATOR_DEMO_APP } from '@wxtpl/shared-types';

/** Defaults of the CLI and of `startEmulator()`. */
export const DEFAULT_PORT = 4100;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_APP_ID = EMULATOR_DEMO_APP.appId;
export const DEFAULT_APP_SECRET = EMULATOR_DEMO_APP.appSecret;
