import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Component tests load the built CommonJS component, as WeChat would: build it first. */
export default function setup(): void {
  const script = fileURLToPath(new URL('../scripts/build-miniprogram.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: 'inherit' });
}
