/**
 * The app a local `@wxtpl/emulator` serves when started without options: public test credentials
 * of no real account. The emulator, the example backend and the `wxtpl` CLI fall back to it.
 */
export const EMULATOR_DEMO_APP = {
  appId: 'wx0000000000demo',
  appSecret: 'demo-app-secret',
} as const;
