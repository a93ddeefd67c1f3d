// `pnpm demo`: the whole flow, headless, against the emulator.
// The example mini-program and backend it drives are not built yet (see the tracker).
console.log(
  'wxtpl demo: not built yet — the example mini-program and backend land with the demo issue.',
);
console.log('Run the tests meanwhile: pnpm test');
