import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// What WeChat DevTools needs to open the project as it is, checked file by file.
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const json = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const require = createRequire(import.meta.url);

describe('the example mini-program project', () => {
  it("configures DevTools' npm build for this workspace package", () => {
    const project = json('project.config.json');
    expect(project.compileType).toBe('miniprogram');
    expect(project.setting.packNpmManually).toBe(true);
    for (const relation of project.setting.packNpmRelationList) {
      const packageJson = JSON.parse(readFileSync(join(root, relation.packageJsonPath), 'utf8'));
      expect(packageJson.dependencies).toHaveProperty(['@wxtpl/miniprogram-sdk']);
      expect(existsSync(join(root, relation.miniprogramNpmDistDir))).toBe(true);
    }
  });

  it('has the four files of every page; the booking and order forms ask for subscriptions', () => {
    const { pages, tabBar } = json('app.json');
    expect(pages).toEqual(['pages/booking/index', 'pages/order/index', 'pages/settings/index']);
    expect(tabBar.list.map((tab: { pagePath: string }) => tab.pagePath)).toEqual(pages);
    for (const page of pages) {
      for (const ext of ['js', 'json', 'wxml', 'wxss']) {
        expect(existsSync(join(root, `${page}.${ext}`)), `${page}.${ext}`).toBe(true);
      }
    }
    for (const page of ['pages/booking/index', 'pages/order/index']) {
      expect(json(`${page}.json`).usingComponents).toEqual({
        'report-form': '@wxtpl/miniprogram-sdk/report-form/index',
      });
      expect(readFileSync(join(root, `${page}.wxml`), 'utf8')).toMatch(
        /<report-form[\s\S]*subscribe="\{\{\w+\}\}"[\s\S]*bind:submit=/,
      );
    }
    // The settings entry asks from a plain bindtap handler.
    expect(readFileSync(join(root, 'pages/settings/index.wxml'), 'utf8')).toMatch(
      /bindtap="onSubscribe"/,
    );
  });

  it('keeps the template-message path selectable in config.js, subscribe messages by default', () => {
    const config = require('../config.js');
    expect(config.messages).toBe('subscribe');
    const { subscribeTemplates } = require('@wxtpl/example-templates');
    expect(Object.keys(config.subscribeTemplates).sort()).toEqual(
      Object.keys(subscribeTemplates).sort(),
    );
  });

  it('resolves the component path the way "build npm" lays it out (miniprogram field)', () => {
    const sdkDir = dirname(
      require.resolve('@wxtpl/miniprogram-sdk/package.json', { paths: [root] }),
    );
    const sdk = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8'));
    expect(sdk.miniprogram).toBe('miniprogram_dist');
    for (const file of ['index.js', 'report-form/index.js', 'report-form/index.json']) {
      expect(existsSync(join(sdkDir, 'miniprogram_dist', file)), file).toBe(true);
    }
  });
});

describe('type checking', () => {
  it('covers every script of the mini-program, against miniprogram-api-typings', () => {
    const tsconfig = json('tsconfig.json');
    expect(tsconfig.compilerOptions).toMatchObject({
      checkJs: true,
      strict: true,
      types: ['miniprogram-api-typings'],
    });
    const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
    const checked = new Set(
      execFileSync(process.execPath, [tsc, '-p', root, '--listFilesOnly'], { encoding: 'utf8' })
        .split('\n')
        .filter((file) => file.startsWith(`${root}/`) && !file.includes('/node_modules/'))
        .map((file) => relative(root, file.trim())),
    );
    const scripts = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.js') && !/^(node_modules|miniprogram_npm|test)(\/|$)/.test(file),
    );
    expect(scripts.length).toBeGreaterThanOrEqual(7);
    for (const script of scripts) expect(checked, script).toContain(script);
  });
});

describe('booking fields', () => {
  it("are exactly the booking template's keywords, so the payload is the notification data", () => {
    const { bookingConfirmed } = require('@wxtpl/example-templates');
    const { BOOKING_FIELDS, bookingPayload, missingFields } = require('../pages/booking/fields.js');
    expect(Object.keys(BOOKING_FIELDS).sort()).toEqual(
      Object.keys(bookingConfirmed.keywords).sort(),
    );
    const payload = bookingPayload({
      service: ' 洗牙 ',
      time: '明天',
      store: '店',
      contact: '',
      other: 'x',
    });
    expect(payload).toEqual({ service: '洗牙', time: '明天', store: '店', contact: '' });
    expect(missingFields(payload)).toEqual(['预约人']);
  });
});
