// Writes a README's snippet modules, its globals file and the tsconfig(s) that check them into a
// fresh `.readme-snippets/` folder next to the README, so that imports resolve exactly as they do
// for code in that package: its own name through its `exports` (built `dist` types), its
// dependencies through its `node_modules`.
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { moduleFileName, type SnippetModule } from './modules.ts';

export const GENERATED_DIR = '.readme-snippets';
const GLOBALS_FILE = 'globals.d.ts';

export interface GeneratedReadme {
  dir: string;
  /** Absolute path of each generated module. */
  modules: Map<string, SnippetModule>;
  /** The globals file's copy and its source under scripts/readme-snippets/globals/, if any. */
  globals: { copy: string; source: string } | null;
  /** One tsconfig per kind of snippet present: Node (`ts`) and mini-program (`js`). */
  configs: string[];
}

/** Removes a README's generated folder (it has nothing left to check). */
export function removeGenerated(readmePath: string): void {
  rmSync(join(dirname(readmePath), GENERATED_DIR), { recursive: true, force: true });
}

export function writeGenerated(
  root: string,
  readmePath: string,
  modules: SnippetModule[],
  globalsDir: string,
): GeneratedReadme {
  const dir = join(dirname(readmePath), GENERATED_DIR);
  removeGenerated(readmePath);
  mkdirSync(dir, { recursive: true });

  const files = new Map<string, SnippetModule>();
  for (const module of modules) {
    const file = join(dir, moduleFileName(module));
    writeFileSync(file, `${module.lines.join('\n')}\n`);
    files.set(file, module);
  }

  // packages/server-sdk/README.md → globals/packages-server-sdk.d.ts
  const id = relative(root, dirname(readmePath)).split(sep).join('-');
  const source = join(globalsDir, `${id}.d.ts`);
  const globals = existsSync(source) ? { copy: join(dir, GLOBALS_FILE), source } : null;
  if (globals) copyFileSync(globals.source, globals.copy);

  const base = relative(dir, join(root, 'tsconfig.base.json'));
  const configs: string[] = [];
  if (modules.some((module) => module.lang === 'ts')) {
    // `*.ts` takes in the globals file too.
    configs.push(writeConfig(dir, 'tsconfig.json', base, { types: ['node'] }, ['*.ts']));
  }
  if (modules.some((module) => module.lang === 'js')) {
    // Mini-program code: WeChat's globals (wx, App, Page, Component), no Node. Plain JS pages
    // carry no annotations, so parameters may be implicitly `any`; everything else is checked.
    const options = {
      types: ['miniprogram-api-typings'],
      allowJs: true,
      checkJs: true,
      noImplicitAny: false,
    };
    const include = globals ? ['*.js', GLOBALS_FILE] : ['*.js'];
    configs.push(writeConfig(dir, 'tsconfig.miniprogram.json', base, options, include));
  }
  return { dir, modules: files, globals, configs };
}

function writeConfig(
  dir: string,
  name: string,
  base: string,
  options: Record<string, unknown>,
  include: string[],
): string {
  const config = {
    extends: base,
    // Every snippet is its own module, even one without import or export.
    compilerOptions: { noEmit: true, moduleDetection: 'force', ...options },
    include,
  };
  const file = join(dir, name);
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}
