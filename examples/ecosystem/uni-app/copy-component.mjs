// uni-app takes native components from src/wxcomponents only: copy the SDK's miniprogram_dist
// there before every build (the folder is generated; keep it out of git).
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const sdk = dirname(require.resolve('@wxtpl/miniprogram-sdk/package.json'));
const target = join(import.meta.dirname, 'src', 'wxcomponents', 'wxtpl');
rmSync(target, { recursive: true, force: true });
cpSync(join(sdk, 'miniprogram_dist'), target, { recursive: true });
console.log(`copied ${join(sdk, 'miniprogram_dist')} → ${target}`);
