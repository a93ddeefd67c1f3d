import { prepareRun } from '@wxtpl/testkit/global-setup';

/** The test setup of `pnpm test`, without Chromium: stale packages built, Redis found or started. */
export default function setup(): Promise<() => Promise<void>> {
  return prepareRun({ chromium: false });
}
