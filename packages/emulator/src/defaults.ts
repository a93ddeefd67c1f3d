/** Defaults of the CLI and of `startEmulator()`. */
export const DEFAULT_PORT = 4100;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_APP_ID = 'wx0000000000demo';
export const DEFAULT_APP_SECRET = 'demo-app-secret';
