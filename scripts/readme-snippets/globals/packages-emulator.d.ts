// What packages/emulator/README.md takes as given: the emulator started in "Start it", and an app.
// Only placeholders belong here, never wxtpl API (see scripts/readme-snippets/check.ts).

declare const emulator: import('@wxtpl/emulator').RunningEmulator;
declare const appId: string;
