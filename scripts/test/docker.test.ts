// docker/Dockerfile and compose.yaml, checked against the repository without a Docker engine:
// what they copy exists and is not ignored, what they run exists (package.json scripts, workspace
// packages, the pnpm of packageManager), what the images start is what `npm start` and the
// example's `emulator` script start, and the environment they set is what the server reads.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CONFIG_DEFAULTS } from '../../examples/server/src/config.ts';
import { type Instruction, parseDockerfile, runCommands, type Stage } from '../lib/dockerfile.ts';
import { ROOT } from '../lib/workspace.ts';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** The package.json fields these checks read. */
interface Manifest {
  name: string;
  scripts: Record<string, string>;
  bin: Record<string, string>;
  engines: { node: string };
  packageManager: string;
}
const json = (path: string) => JSON.parse(read(path)) as Manifest;

/** The compose.yaml fields these checks read. */
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; target: string };
  ports?: string[];
  environment?: Record<string, string | number>;
  env_file?: { path: string; required: boolean }[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
  stop_grace_period?: string;
}

const DOCKERFILE = 'docker/Dockerfile';
const stages = parseDockerfile(read(DOCKERFILE));
const stage = (name: string): Stage => {
  const found = stages.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no stage ${name} in ${DOCKERFILE}`);
  return found;
};
const all = (s: Stage, keyword: string): Instruction[] =>
  s.instructions.filter((i) => i.keyword === keyword);
const one = (s: Stage, keyword: string): Instruction => {
  const found = all(s, keyword);
  expect(found, `${s.name}: one ${keyword}`).toHaveLength(1);
  return found[0] as Instruction;
};

const root = json('package.json');
const workspacePackages = new Map(
  ['packages/shared-types', 'packages/server-sdk', 'packages/emulator', 'packages/miniprogram-sdk']
    .concat(['examples/server', 'examples/templates', 'examples/miniprogram', 'examples/testkit'])
    .map((dir) => [json(`${dir}/package.json`).name as string, dir]),
);
const server = json('examples/server/package.json');
const emulatorPackage = json('packages/emulator/package.json');

/** `.dockerignore` patterns as regular expressions over repository-relative paths. */
const ignored = read('.dockerignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((pattern) => {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .split('**/')
      .map((part) => part.replace(/\*/g, '[^/]*'))
      .join('(.*/)?');
    return new RegExp(`^${body}(/.*)?$`);
  });
const isIgnored = (path: string) => ignored.some((pattern) => pattern.test(path));

/** Names a line of `.env.example` sets. */
const envExample = new Set(
  [...read('examples/server/.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]),
);

/** `ENV A=1 B=2` pairs of a stage. */
function envOf(s: Stage): Map<string, string> {
  const pairs = all(s, 'ENV').flatMap((i) => i.text.split(/\s+/).map((p) => p.split('=')));
  return new Map(pairs.map(([name = '', value = '']) => [name, value]));
}

describe('docker/Dockerfile', () => {
  it('builds on the Node major of the engines field, with the pnpm of packageManager', () => {
    const major = /^>=(\d+)\./.exec(root.engines.node)?.[1];
    for (const s of stages) expect(s.image).toMatch(new RegExp(`^node:${major}-`));
    const pnpm = (root.packageManager as string).replace(/^pnpm@/, '');
    const installs = all(stage('workspace'), 'RUN').flatMap(runCommands);
    expect(installs).toContain(`npm install -g pnpm@${pnpm}`);
  });

  it('copies files that exist and that .dockerignore lets through', () => {
    const copies = stages.flatMap((s) => all(s, 'COPY')).filter((i) => i.flags.from === undefined);
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const sources = copy.text.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(join(ROOT, source)), `${source} exists`).toBe(true);
        if (source !== '.') expect(isIgnored(source), `${source} not ignored`).toBe(false);
      }
    }
    // What the build makes or installs itself never comes from the build context.
    for (const path of [
      'node_modules',
      'packages/server-sdk/dist',
      'examples/server/.env',
      '.git',
    ]) {
      expect(isIgnored(path), `${path} ignored`).toBe(true);
    }
    for (const path of ['pnpm-lock.yaml', 'packages/server-sdk/src/index.ts', 'turbo.json']) {
      expect(isIgnored(path), `${path} sent`).toBe(false);
    }
  });

  it('runs only package.json scripts, pnpm commands and workspace packages that exist', () => {
    const pnpmBuiltins = new Set(['fetch', 'install', 'deploy']);
    const commands = stages.flatMap((s) => all(s, 'RUN')).flatMap(runCommands);
    for (const command of commands) {
      const words = command.split(/\s+/);
      if (words[0] === 'npm' || words[0] === 'mkdir' || words[0] === 'chown') continue;
      expect(words[0], command).toBe('pnpm');
      const filter = words.indexOf('--filter');
      if (filter !== -1) {
        const name = words[filter + 1] as string;
        expect(workspacePackages.has(name), `${name} is a workspace package`).toBe(true);
        words.splice(filter, 2);
      }
      const verb = words[1] as string;
      if (!pnpmBuiltins.has(verb)) {
        expect(Object.keys(root.scripts), `pnpm ${verb}: a root script`).toContain(verb);
      }
    }
  });

  it('copies into each app stage exactly what the workspace stage deploys', () => {
    const deployed = new Map<string, string>();
    for (const command of all(stage('workspace'), 'RUN').flatMap(runCommands)) {
      const match = /--filter (\S+) deploy .*?(\/\S+)$/.exec(command);
      if (match) deployed.set(match[2] as string, match[1] as string);
    }
    const expected = { server: server.name, emulator: emulatorPackage.name };
    for (const [name, pkg] of Object.entries(expected)) {
      const copy = one(stage(name), 'COPY');
      expect(copy.flags.from).toBe('workspace');
      expect(deployed.get(copy.text.split(/\s+/)[0] as string)).toBe(pkg);
    }
  });

  it('starts the server as `npm start` does, on the port it exposes, bound for a container', () => {
    const s = stage('server');
    expect(one(s, 'CMD').exec).toEqual(server.scripts.start?.split(' '));
    const env = envOf(s);
    expect(one(s, 'EXPOSE').text).toBe(env.get('PORT'));
    expect(env.get('HOST')).toBe('0.0.0.0');
    for (const name of env.keys())
      expect(envExample.has(name), `${name} in .env.example`).toBe(true);
    expect(one(s, 'HEALTHCHECK').text).toContain(`http://127.0.0.1:${env.get('PORT')}/health`);
    expect(one(s, 'USER').text).toBe('node');
  });

  it("starts the emulator as the example's `emulator` script does, on all interfaces", () => {
    const s = stage('emulator');
    const [node, bin, ...args] = one(s, 'CMD').exec ?? [];
    expect(node).toBe('node');
    expect(`./${bin}`).toBe(emulatorPackage.bin['wxtpl-emulator']);
    const scripted = (server.scripts.emulator as string).split(' ');
    expect(scripted[0]).toBe('wxtpl-emulator');
    for (const flag of scripted.slice(1)) expect(args).toContain(flag);
    const option = (name: string) => args[args.indexOf(name) + 1];
    expect(option('--host')).toBe('0.0.0.0');
    expect(one(s, 'EXPOSE').text).toBe(option('--port'));
    expect(option('--data-file')?.startsWith(`${one(s, 'VOLUME').text}/`)).toBe(true);
    expect(one(s, 'HEALTHCHECK').text).toContain(`:${option('--port')}/__emulator/stats`);
  });
});

describe('compose.yaml', () => {
  const compose = parseYaml(read('compose.yaml')) as { services: Record<string, Service> };
  const services = compose.services;
  const service = (name: string): Service => {
    const found = services[name];
    if (found === undefined) throw new Error(`no service ${name} in compose.yaml`);
    return found;
  };

  it('runs the server, Redis and the emulator, the apps built from docker/Dockerfile', () => {
    expect(Object.keys(services).sort()).toEqual(['emulator', 'redis', 'server']);
    for (const name of ['server', 'emulator']) {
      const { build } = service(name);
      expect(build?.context).toBe('.');
      expect(build?.dockerfile).toBe(DOCKERFILE);
      expect(stage(build?.target ?? '').name).toBe(name);
    }
    expect(service('redis').image).toMatch(/^redis:/);
  });

  it("lets the server reach the emulator's control plane under its service name", () => {
    const [, , ...args] = one(stage('emulator'), 'CMD').exec ?? [];
    const controlHosts = args[args.indexOf('--control-host') + 1]?.split(',') ?? [];
    const baseUrl = String(service('server').environment?.WXTPL_BASE_URL);
    expect(services.emulator).toBeDefined();
    expect(controlHosts).toContain(new URL(baseUrl).hostname);
    expect(new URL(baseUrl).hostname).toBe('emulator');
  });

  it('wires the server to this Redis and this emulator, through variables it reads', () => {
    const environment = service('server').environment ?? {};
    for (const name of Object.keys(environment)) {
      expect(envExample.has(name), `${name} in .env.example`).toBe(true);
    }
    expect(new URL(String(environment.REDIS_URL)).hostname).toBe('redis');
    const emulatorPort = one(stage('emulator'), 'EXPOSE').text;
    expect(environment.WXTPL_BASE_URL).toBe(`http://emulator:${emulatorPort}`);
    expect(String(environment.PORT)).toBe(one(stage('server'), 'EXPOSE').text);
    expect(service('server').env_file).toEqual([{ path: 'examples/server/.env', required: false }]);
    expect(existsSync(join(ROOT, 'examples/server/.env.example'))).toBe(true);
  });

  it('publishes the ports the images expose, on loopback only', () => {
    for (const name of ['server', 'emulator']) {
      const port = one(stage(name), 'EXPOSE').text;
      expect(service(name).ports).toEqual([`127.0.0.1:${port}:${port}`]);
    }
  });

  it('starts the server once its dependencies are healthy, each with a health check', () => {
    const dependsOn = service('server').depends_on ?? {};
    expect(Object.keys(dependsOn).sort()).toEqual(['emulator', 'redis']);
    for (const [name, { condition }] of Object.entries(dependsOn)) {
      expect(condition).toBe('service_healthy');
      const { healthcheck, build } = service(name);
      const checked =
        healthcheck !== undefined ||
        (build !== undefined && all(stage(build.target), 'HEALTHCHECK').length > 0);
      expect(checked, `${name} has a health check`).toBe(true);
    }
  });

  it('gives the server longer to stop than its own shutdown deadline', () => {
    const grace = /^(\d+)s$/.exec(service('server').stop_grace_period ?? '')?.[1];
    expect(Number(grace) * 1000).toBeGreaterThan(CONFIG_DEFAULTS.shutdownTimeoutMs);
  });
});
