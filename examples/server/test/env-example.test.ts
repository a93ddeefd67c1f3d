import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.js';

// .env.example lists every variable the server reads, no more: the variables configFromEnv reads
// (recorded as it reads them), the README's configuration table and .env.example must agree.

const ROOT = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The names configFromEnv looks up, over every path through it (emulator and real API). */
function variablesRead(): string[] {
  const names = new Set<string>();
  const recording = (values: Record<string, string>) =>
    new Proxy(values, {
      get(target, name) {
        if (typeof name === 'string') names.add(name);
        return target[name as string];
      },
    });
  configFromEnv(recording({}));
  configFromEnv(recording({ WXTPL_APPID: 'wx1234567890abcdef', WXTPL_SECRET: 'secret' }));
  return [...names].sort();
}

function variablesInEnvExample(): string[] {
  return [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)]
    .map((match) => match[1] as string)
    .sort();
}

/** The backticked names in the first column of README.md's "Configuration" table. */
function variablesInReadme(): string[] {
  const section =
    read('README.md')
      .split(/^## Configuration.*$/m)[1]
      ?.split(/^## /m)[0] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows
    .flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)])
    .map((match) => match[1] as string)
    .sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('.env.example', () => {
  it('lists exactly the variables src/config.ts reads', () => {
    const names = variablesRead();
    expect(names.length).toBeGreaterThan(5);
    expect(variablesInEnvExample()).toEqual(names);
  });

  it('matches the README configuration table', () => {
    expect(variablesInReadme()).toEqual(variablesInEnvExample());
  });

  it('is read by nothing but src/config.ts', () => {
    const readers = sourceFiles('src').filter(
      (file) => file !== join('src', 'config.ts') && /process\.env/.test(read(file)),
    );
    expect(readers).toEqual([]);
  });

  it('sets nothing: every value is empty, so a copy of it changes no default', () => {
    const values = [...read('.env.example').matchAll(/^[A-Z][A-Z0-9_]*=(.*)$/gm)].map((m) => m[1]);
    expect(values.every((value) => value === '')).toBe(true);
    expect(() =>
      configFromEnv(Object.fromEntries(variablesInEnvExample().map((n) => [n, '']))),
    ).not.toThrow();
  });
});
