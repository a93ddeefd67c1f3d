import { describe, expect, it } from 'vitest';
import {
  createWxRuntime,
  createWxStorage,
  WX_STORAGE_MAX_ENTRY_BYTES,
} from '../src/wx-runtime/index.js';

// Storage, lifecycle and system info never touch the network: the URL is never dialled.
const offline = { emulatorUrl: 'http://127.0.0.1:9', appId: 'wxstorage-test' };

function asyncCall<T>(
  start: (callbacks: { success: (r: T) => void; fail: (r: { errMsg: string }) => void }) => void,
) {
  return new Promise<{ ok: boolean; result: T | { errMsg: string } }>((resolve) => {
    start({
      success: (result) => resolve({ ok: true, result }),
      fail: (result) => resolve({ ok: false, result }),
    });
  });
}

describe('storage', () => {
  it('stores copies of JSON values and answers "" for a missing key', () => {
    const { wx } = createWxRuntime(offline);
    const value = { list: [1, 2], nested: { a: 'b' } };
    wx.setStorageSync('k', value);
    value.list.push(3);
    expect(wx.getStorageSync('k')).toEqual({ list: [1, 2], nested: { a: 'b' } });
    expect(wx.getStorageSync('missing')).toBe('');
    wx.removeStorageSync('k');
    expect(wx.getStorageSync('k')).toBe('');
  });

  it('reports keys and sizes in KB like getStorageInfoSync', () => {
    const { wx } = createWxRuntime(offline);
    wx.setStorageSync('a', 'x'.repeat(3000));
    wx.setStorageSync('b', 1);
    const info = wx.getStorageInfoSync();
    expect(info.keys.sort()).toEqual(['a', 'b']);
    expect(info.currentSize).toBe(3);
    expect(info.limitSize).toBe(10240);
    wx.clearStorageSync();
    expect(wx.getStorageInfoSync()).toMatchObject({ keys: [], currentSize: 0 });
  });

  it('refuses an entry over 1 MB with setStorageSync:fail and keeps the old value', () => {
    const { wx } = createWxRuntime(offline);
    wx.setStorageSync('big', 'small');
    expect(() => wx.setStorageSync('big', 'x'.repeat(WX_STORAGE_MAX_ENTRY_BYTES))).toThrowError(
      /^setStorageSync:fail entry size limit reached/,
    );
    expect(wx.getStorageSync('big')).toBe('small');
  });

  it('refuses writes past 10 MB in total', () => {
    const { wx, storage } = createWxRuntime(offline);
    const chunk = 'x'.repeat(1000 * 1000);
    for (let i = 0; i < 10; i++) wx.setStorageSync(`k${i}`, chunk);
    expect(() => wx.setStorageSync('k10', chunk)).toThrowError(
      /^setStorageSync:fail exceed storage max size 10MB/,
    );
    // Replacing a value counts only the difference.
    wx.setStorageSync('k0', 'tiny');
    wx.setStorageSync('k10', chunk);
    expect(storage.info().keys).toHaveLength(11);
  });

  it('rejects a non-string key the way WeChat does', () => {
    const { wx } = createWxRuntime(offline);
    expect(() => wx.setStorageSync(undefined as unknown as string, 1)).toThrowError(
      'setStorageSync:fail parameter error: parameter.key should be String instead of Undefined;',
    );
  });

  it('fails on demand: sync calls throw, async ones call fail with errMsg', async () => {
    const { wx, storage } = createWxRuntime(offline);
    storage.failWrites({ times: 2 });
    expect(() => wx.setStorageSync('a', 1)).toThrowError(/^setStorageSync:fail /);
    const failed = await asyncCall((cb) => wx.setStorage({ key: 'a', data: 1, ...cb }));
    expect(failed).toEqual({
      ok: false,
      result: { errMsg: 'setStorage:fail exceed storage max size 10MB' },
    });
    wx.setStorageSync('a', 2);
    expect(wx.getStorageSync('a')).toBe(2);
    storage.failWrites({ reason: 'disk broken' });
    expect(() => wx.setStorageSync('a', 3)).toThrowError('setStorageSync:fail disk broken');
    storage.restore();
    wx.setStorageSync('a', 3);
    expect(storage.writes).toBe(2);
  });

  it('async API calls success then complete, and getStorage fails for a missing key', async () => {
    const { wx } = createWxRuntime(offline);
    const order: string[] = [];
    await new Promise<void>((resolve) =>
      wx.setStorage({
        key: 'x',
        data: { v: 1 },
        success: () => order.push('success'),
        complete: () => {
          order.push('complete');
          resolve();
        },
      }),
    );
    expect(order).toEqual(['success', 'complete']);
    expect(await asyncCall((cb) => wx.getStorage({ key: 'x', ...cb }))).toEqual({
      ok: true,
      result: { data: { v: 1 }, errMsg: 'getStorage:ok' },
    });
    expect(await asyncCall((cb) => wx.getStorage({ key: 'nope', ...cb }))).toEqual({
      ok: false,
      result: { errMsg: 'getStorage:fail data not found' },
    });
    await asyncCall((cb) => wx.removeStorage({ key: 'x', ...cb }));
    expect(wx.getStorageSync('x')).toBe('');
  });

  it('returns promises when given no callbacks, as WeChat does', async () => {
    const { wx, storage } = createWxRuntime(offline);
    await expect(wx.setStorage({ key: 'p', data: [1] })).resolves.toEqual({
      errMsg: 'setStorage:ok',
    });
    await expect(wx.getStorage({ key: 'p' })).resolves.toEqual({
      data: [1],
      errMsg: 'getStorage:ok',
    });
    storage.failWrites({ times: 1 });
    await expect(wx.setStorage({ key: 'p', data: 2 })).rejects.toEqual({
      errMsg: 'setStorage:fail exceed storage max size 10MB',
    });
    await expect(wx.removeStorage({ key: 'p' })).resolves.toEqual({ errMsg: 'removeStorage:ok' });
  });

  it('outlives a killed runtime when handed to the next one', () => {
    const storage = createWxStorage();
    const first = createWxRuntime({ ...offline, storage });
    first.wx.setStorageSync('queue', ['a']);
    first.kill();
    first.wx.setStorageSync('queue', ['written after death']);
    const second = createWxRuntime({ ...offline, storage });
    expect(second.wx.getStorageSync('queue')).toEqual(['a']);
  });
});

describe('app lifecycle', () => {
  it('runs onAppHide / onAppShow listeners on hide() / show() until they are removed', () => {
    const rt = createWxRuntime(offline);
    const events: string[] = [];
    const onHide = (options: { reason?: number }) => events.push(`hide:${options.reason}`);
    const onShow = (options: { scene: number }) => events.push(`show:${options.scene}`);
    rt.wx.onAppHide(onHide);
    rt.wx.onAppShow(onShow);
    rt.hide({ reason: 1 });
    expect(rt.visible).toBe(false);
    rt.show({ scene: 1014 });
    expect(rt.visible).toBe(true);
    rt.wx.offAppHide(onHide);
    rt.wx.offAppShow();
    rt.hide();
    rt.show();
    expect(events).toEqual(['hide:1', 'show:1014']);
  });
});

describe('getSystemInfoSync', () => {
  it('reports a modern WeChat by default and the configured version otherwise', () => {
    const modern = createWxRuntime(offline).wx.getSystemInfoSync();
    expect(modern.version).toMatch(/^8\./);
    const old = createWxRuntime({ ...offline, version: '6.5.1' }).wx.getSystemInfoSync();
    expect(old.version).toBe('6.5.1');
  });

  it('has getAppBaseInfo, the same phone, from base library 2.20.1 on', () => {
    const wx = createWxRuntime({ ...offline, version: '8.0.1' }).wx;
    expect(wx.getAppBaseInfo?.()).toMatchObject({
      version: '8.0.1',
      SDKVersion: wx.getSystemInfoSync().SDKVersion,
      host: { env: 'WeChat' },
    });
    const older = createWxRuntime({ ...offline, systemInfo: { SDKVersion: '2.19.4' } }).wx;
    expect(older.getAppBaseInfo).toBeUndefined();
  });
});

describe('createWxRuntime', () => {
  it('refuses missing options with a TypeError', () => {
    expect(() => createWxRuntime({ emulatorUrl: '', appId: 'x' })).toThrow(TypeError);
    expect(() => createWxRuntime({ emulatorUrl: 'http://127.0.0.1:1', appId: '' })).toThrow(
      TypeError,
    );
  });
});
