// From the runtime's source, so the check never depends on the emulator's build being current.

import { describe, expectTypeOf, it } from 'vitest';
import type { HeadlessWx, WxRuntime } from '../../emulator/src/wx-runtime/index.js';
import type { AppBaseInfoWx, CollectorWx, SubscribeWx } from '../src/index.js';

type Real = WechatMiniprogram.Wx;

describe('wx typings', () => {
  it('the real wx (miniprogram-api-typings) and the headless runtime both fit the SDK', () => {
    expectTypeOf<Real>().toMatchTypeOf<CollectorWx>();
    expectTypeOf<Real>().toMatchTypeOf<AppBaseInfoWx>();
    expectTypeOf<Real>().toMatchTypeOf<SubscribeWx>();
    expectTypeOf<WxRuntime['wx']>().toMatchTypeOf<CollectorWx>();
    expectTypeOf<WxRuntime['wx']>().toMatchTypeOf<AppBaseInfoWx>();
    expectTypeOf<WxRuntime['wx']>().toMatchTypeOf<SubscribeWx>();
  });

  it('the headless storage and lifecycle calls stand in for the real ones', () => {
    expectTypeOf<HeadlessWx['setStorageSync']>().toMatchTypeOf<Real['setStorageSync']>();
    expectTypeOf<HeadlessWx['getStorageSync']>().toMatchTypeOf<Real['getStorageSync']>();
    expectTypeOf<HeadlessWx['removeStorageSync']>().toMatchTypeOf<Real['removeStorageSync']>();
    expectTypeOf<HeadlessWx['clearStorageSync']>().toMatchTypeOf<Real['clearStorageSync']>();
    expectTypeOf<HeadlessWx['getStorageInfoSync']>().toMatchTypeOf<Real['getStorageInfoSync']>();
    expectTypeOf<HeadlessWx['onAppHide']>().toMatchTypeOf<Real['onAppHide']>();
    expectTypeOf<HeadlessWx['offAppHide']>().toMatchTypeOf<Real['offAppHide']>();
    expectTypeOf<HeadlessWx['onAppShow']>().toMatchTypeOf<Real['onAppShow']>();
    expectTypeOf<HeadlessWx['offAppShow']>().toMatchTypeOf<Real['offAppShow']>();
  });
});
