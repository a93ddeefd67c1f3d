import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from './errors.js';

/** A definition found in a file, named as the file names it (export name, key, or `[i]`). */
export interface NamedDefinition {
  name: string;
  definition: unknown;
}

const MODULES = new Set(['.js', '.mjs', '.cjs']);
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);

/**
 * The definitions of a file `wxtpl check` reads:
 * - `.js` / `.mjs` / `.cjs`: a module (e.g. the compiled `wxtpl codegen` output); every export
 *   that looks like a definition (an object with `id` and `keywords`), and the entries of a
 *   default export that is a list or an object of them;
 * - `.json`: a list of definitions, or an object of them by name.
 * TypeScript is not loaded (Node 20 cannot run it): compile it first, or write JSON.
 */
export async function readDefinitionsFile(cwd: string, file: string): Promise<NamedDefinition[]> {
  const path = resolve(cwd, file);
  const extension = extname(path).toLowerCase();
  let found: NamedDefinition[];
  if (extension === '.json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new UsageError(`cannot read ${file} as JSON: ${(error as Error).message}`, file);
    }
    if (typeof parsed !== 'object' || parsed === null) {
      throw new UsageError(`${file} must hold a list of definitions or an object of them`, file);
    }
    found = entriesOf(parsed);
  } else if (MODULES.has(extension)) {
    let module: Record<string, unknown>;
    try {
      module = await import(pathToFileURL(path).href);
    } catch (error) {
      throw new UsageError(`cannot load ${file}: ${(error as Error).message}`, file);
    }
    found = exportsOf(module);
  } else if (TYPESCRIPT.has(extension)) {
    throw new UsageError(
      `wxtpl check reads JavaScript (.js, .mjs, .cjs) or JSON, not TypeScript: check the compiled ${file.replace(/\.([mc]?)ts$/i, '.$1js')}, or list the definitions in a .json file`,
      file,
    );
  } else {
    throw new UsageError(`wxtpl check reads .js, .mjs, .cjs or .json files, got ${file}`, file);
  }
  const definitions = found.filter((entry) => looksLikeDefinition(entry.definition));
  if (definitions.length === 0) {
    throw new UsageError(`${file} holds no template definitions`, file);
  }
  return definitions;
}

function entriesOf(value: object): NamedDefinition[] {
  return Array.isArray(value)
    ? value.map((definition, index) => ({ name: `[${index}]`, definition }))
    : Object.entries(value).map(([name, definition]) => ({ name, definition }));
}

function exportsOf(module: Record<string, unknown>): NamedDefinition[] {
  const found: NamedDefinition[] = [];
  const seen = new Set<unknown>();
  const add = (entries: NamedDefinition[]) => {
    for (const entry of entries) {
      if (seen.has(entry.definition)) continue;
      seen.add(entry.definition);
      found.push(entry);
    }
  };
  add(entriesOf(Object.fromEntries(Object.entries(module).filter(([name]) => name !== 'default'))));
  const fallback = module.default;
  if (looksLikeDefinition(fallback)) add([{ name: 'default', definition: fallback }]);
  else if (typeof fallback === 'object' && fallback !== null) add(entriesOf(fallback));
  return found;
}

function looksLikeDefinition(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'id' in value && 'keywords' in value;
}
