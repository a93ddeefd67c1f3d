// esbuild comes with tsup (a dev dependency of the workspace): resolve it through tsup.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const fromTsup = createRequire(require.resolve('tsup'));

/** The esbuild instance tsup uses. */
export const esbuild = fromTsup('esbuild');
