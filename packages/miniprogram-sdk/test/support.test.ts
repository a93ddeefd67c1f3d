import { createWxRuntime } from '@wxtpl/emulator';
import { describe, expect, it } from 'vitest';
import { compareVersions, supportsTemplateMessages } from '../src/index.js';

const phone = (version: string) =>
  createWxRuntime({ emulatorUrl: 'http://127.0.0.1:9', appId: 'wxsupport', version }).wx;

describe('supportsTemplateMessages', () => {
  it('is true from WeChat 6.5.2 on, comparing numerically', () => {
    expect(supportsTemplateMessages(phone('6.5.2'))).toBe(true);
    expect(supportsTemplateMessages(phone('6.10.0'))).toBe(true);
    expect(supportsTemplateMessages(phone('8.0.50'))).toBe(true);
    expect(supportsTemplateMessages(phone('6.5.1'))).toBe(false);
    expect(supportsTemplateMessages(phone('5.9'))).toBe(false);
  });

  it('reads wx.getAppBaseInfo where the base library has it, getSystemInfoSync before 2.20.1', () => {
    const deprecated = () => {
      throw new Error('getSystemInfoSync is deprecated');
    };
    expect(
      supportsTemplateMessages({
        getAppBaseInfo: () => ({ version: '8.0.50' }),
        getSystemInfoSync: deprecated,
      }),
    ).toBe(true);
    const older = createWxRuntime({
      emulatorUrl: 'http://127.0.0.1:9',
      appId: 'wxsupport',
      version: '7.0.3',
      systemInfo: { SDKVersion: '2.10.0' },
    }).wx;
    expect(older.getAppBaseInfo).toBeUndefined();
    expect(supportsTemplateMessages(older)).toBe(true);
  });

  it('is false when the version cannot be read, and without wx', () => {
    expect(supportsTemplateMessages({ getSystemInfoSync: () => ({ version: '' }) })).toBe(false);
    // A version that is no string (a broken polyfill) reads as unknown too.
    const numeric = { getAppBaseInfo: () => ({ version: 8 as unknown as string }) };
    expect(supportsTemplateMessages(numeric)).toBe(false);
    expect(
      supportsTemplateMessages({
        getSystemInfoSync: () => {
          throw new Error('not available');
        },
      }),
    ).toBe(false);
    expect(supportsTemplateMessages(undefined)).toBe(false);
  });

  it('compareVersions orders dotted versions', () => {
    expect(compareVersions('6.5.2', '6.5.2')).toBe(0);
    expect(compareVersions('6.5', '6.5.0')).toBe(0);
    expect(compareVersions('7.0.0', '6.99.99')).toBe(1);
    expect(compareVersions('6.5.10', '6.5.9')).toBe(1);
    expect(compareVersions('6.4.9', '6.5.2')).toBe(-1);
  });
});

describe('createCollector', () => {
  it('refuses bad options with a TypeError instead of failing later', async () => {
    const { createCollector } = await import('../src/index.js');
    expect(() => createCollector({ endpoint: 'https://x/collect' })).toThrow(TypeError);
    expect(() => createCollector({ endpoint: '', wx: phone('8.0.0') })).toThrow(TypeError);
  });
});
