// Type-checks the code in the READMEs of packages/* and examples/*, and in docs/*.md, against the
// built packages.
//
//   pnpm typecheck:docs                      build the packages (turbo, cached), then check
//   pnpm exec tsx scripts/readme-snippets/check.ts [README.md …]   check only (dist must be built)
//
// What is checked:
//   ```ts / ```typescript  Node or bundler code: a module of its own, compiled with
//                          tsconfig.base.json and Node's types.
//   ```js / ```javascript  mini-program code (app.js, page.js): checkJs with
//                          miniprogram-api-typings (wx, App, Page, Component), no Node types.
//   Any other fence (sh, json, html, none) is left alone.
//
// Markers, an HTML comment on the line before the fence (blank lines may sit between):
//   <!-- snippet: skip -->       a deliberate fragment; not compiled. Say why after the word.
//   <!-- snippet: continues -->  appended to the previous checked block of the same README (same
//                                language), to share setup between blocks: one module.
//
// Values a README takes as given (the reader's openid, an Express `app`, the `client` built in an
// earlier section) are declared in scripts/readme-snippets/globals/<dir>.d.ts, e.g.
// globals/packages-server-sdk.d.ts for packages/server-sdk/README.md: only such placeholders,
// never wxtpl API, which must be imported by the snippet itself.
//
// Translations (README.zh-CN.md) are not compiled: their code blocks are the English README's,
// comments aside, which `pnpm check:docs-parity` enforces. Named on the command line, one is
// skipped with a note.
//
// Each README's blocks are written to <its folder>/.readme-snippets/ (gitignored; inspect it or
// run `tsc -p` on its tsconfig), so `@wxtpl/*` resolve like they do for that package: through the
// package's `exports` to its built dist types. Errors are printed as README.md:line:column; the
// exit status is 1 when there is any.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type GeneratedReadme, removeGenerated, writeGenerated } from './generate.ts';
import { extractCodeBlocks } from './markdown.ts';
import { planModules } from './modules.ts';
import { type Finding, typecheckConfig } from './typecheck.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const globalsDir = join(here, 'globals');
const DEFAULT_PARENTS = ['packages', 'examples'];
// Markdown pages besides the READMEs; globals/docs.d.ts holds their placeholders. At most one per
// folder: a file's snippets are generated into its folder's .readme-snippets/.
const DOCS = ['docs/FAQ.md'];

const TRANSLATION = /\.zh-CN\.md$/;

const named = process.argv.slice(2).map((path) => resolve(path));
for (const path of named.filter((path) => TRANSLATION.test(path))) {
  console.log(`${relative(root, path)}: a translation, skipped (pnpm check:docs-parity checks it)`);
}
const readmes = named.length ? named.filter((path) => !TRANSLATION.test(path)) : defaultReadmes();

const errors: string[] = [];
let checked = 0;
let blocks = 0;
let skipped = 0;

for (const readme of readmes) {
  const shown = relative(root, readme);
  if (!existsSync(readme)) {
    errors.push(`${shown}: no such file`);
    continue;
  }
  const extracted = extractCodeBlocks(readFileSync(readme, 'utf8'));
  const plan = planModules(shown, extracted.blocks);
  const found: Located[] = [...extracted.problems, ...plan.problems].map((problem) => ({
    line: problem.line,
    text: `${shown}:${problem.line} error: ${problem.message}`,
  }));
  blocks += extracted.blocks.length;
  skipped += plan.skipped;
  checked += plan.modules.length;
  if (plan.modules.length === 0) removeGenerated(readme);
  else {
    const generated = writeGenerated(root, readme, plan.modules, globalsDir);
    for (const config of generated.configs) {
      for (const finding of typecheckConfig(config)) {
        found.push(locate(finding, shown, generated));
      }
    }
  }
  errors.push(...found.sort((a, b) => a.line - b.line).map((entry) => entry.text));
}

for (const error of errors) console.error(error);
// On the same stream as the errors, so that it prints after them.
(errors.length === 0 ? console.log : console.error)(
  `readme-snippets: ${checked} snippets from ${blocks} code blocks in ${readmes.length} READMEs ` +
    `(${skipped} skipped): ${errors.length === 0 ? 'ok' : `${errors.length} errors`}`,
);
process.exitCode = errors.length === 0 ? 0 : 1;

function defaultReadmes(): string[] {
  const packageReadmes = DEFAULT_PARENTS.flatMap((parent) =>
    readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, parent, entry.name, 'README.md'))
      .filter((path) => existsSync(path)),
  ).sort();
  const docs = DOCS.map((path) => join(root, path)).filter((path) => existsSync(path));
  return [join(root, 'README.md'), ...packageReadmes, ...docs];
}

/** An error line, with the README line it sorts by (elsewhere: after the README's own). */
interface Located {
  line: number;
  text: string;
}

function locate(finding: Finding, readme: string, generated: GeneratedReadme): Located {
  const text = `error TS${finding.code}: ${finding.message}`;
  const last = Number.MAX_SAFE_INTEGER;
  if (finding.file === null) return { line: last, text: `${readme} (snippet program) ${text}` };
  const file = resolve(finding.file);
  const module = generated.modules.get(file);
  if (module) {
    const origin = module.origin[finding.line - 1];
    if (origin) {
      const column = finding.column + origin.indent;
      return { line: origin.line, text: `${readme}:${origin.line}:${column} ${text}` };
    }
    const where = `${readme}:${module.fenceLine} (generated line ${finding.line})`;
    return { line: module.fenceLine, text: `${where} ${text}` };
  }
  const shown =
    generated.globals && file === generated.globals.copy
      ? relative(root, generated.globals.source)
      : relative(root, file);
  return { line: last, text: `${shown}:${finding.line}:${finding.column} ${text} (for ${readme})` };
}
