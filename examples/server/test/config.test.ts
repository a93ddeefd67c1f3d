import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, EMULATOR_DEFAULTS } from '../src/config.js';

describe('configFromEnv', () => {
  it('defaults to the local emulator, memory store, templates added from the library', () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({
      mode: 'emulator',
      baseUrl: EMULATOR_DEFAULTS.baseUrl,
      appId: EMULATOR_DEFAULTS.appId,
      addMissingTemplates: true,
      port: 3000,
    });
    expect(config.redisUrl).toBeUndefined();
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(16);
  });

  it('talks to the real WeChat API when WXTPL_APPID and WXTPL_SECRET are set', () => {
    const config = configFromEnv({
      WXTPL_APPID: 'wx1234567890abcdef',
      WXTPL_SECRET: 's3cret',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: '8080',
    });
    expect(config).toMatchObject({
      mode: 'wechat',
      baseUrl: 'https://api.weixin.qq.com',
      redisUrl: 'redis://127.0.0.1:6379',
      addMissingTemplates: false,
      port: 8080,
    });
    // Without ADMIN_TOKEN the merchant endpoints get a random, unguessable token.
    expect(config.adminToken).not.toBe('dev-admin-token');
  });

  it('refuses half a credential pair, bad URLs and bad ports with a ConfigError', () => {
    expect(() => configFromEnv({ WXTPL_APPID: 'wx1' })).toThrow(ConfigError);
    expect(() => configFromEnv({ WXTPL_BASE_URL: 'not a url' })).toThrow(/WXTPL_BASE_URL/);
    expect(() => configFromEnv({ PORT: '99999' })).toThrow(/PORT/);
    expect(() => configFromEnv({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
  });

  it('bounds every request and the shutdown by default, and refuses to switch a bound off', () => {
    expect(configFromEnv({})).toMatchObject({
      requestTimeoutMs: 15_000,
      shutdownTimeoutMs: 30_000,
      logLevel: 'info',
    });
    expect(
      configFromEnv({ REQUEST_TIMEOUT_MS: '2500', SHUTDOWN_TIMEOUT_MS: '8000', LOG_LEVEL: 'warn' }),
    ).toMatchObject({ requestTimeoutMs: 2500, shutdownTimeoutMs: 8000, logLevel: 'warn' });
    for (const bad of ['0', '-1', '1.5', 'soon', 'Infinity']) {
      expect(() => configFromEnv({ REQUEST_TIMEOUT_MS: bad })).toThrow(/REQUEST_TIMEOUT_MS/);
      expect(() => configFromEnv({ SHUTDOWN_TIMEOUT_MS: bad })).toThrow(/SHUTDOWN_TIMEOUT_MS/);
    }
    expect(() => configFromEnv({ LOG_LEVEL: 'loud' })).toThrow(ConfigError);
  });

  it('keys Redis under REDIS_PREFIX and sizes the campaign worker, refusing bad values', () => {
    expect(configFromEnv({})).toMatchObject({ redisPrefix: 'wxtpl:', campaignConcurrency: 8 });
    expect(configFromEnv({ REDIS_PREFIX: 'shop-a:', CAMPAIGN_CONCURRENCY: '32' })).toMatchObject({
      redisPrefix: 'shop-a:',
      campaignConcurrency: 32,
    });
    for (const bad of ['{tag}:', 'two words', 'x'.repeat(65)]) {
      expect(() => configFromEnv({ REDIS_PREFIX: bad })).toThrow(/REDIS_PREFIX/);
    }
    for (const bad of ['0', '-1', '2.5', 'many', '1001']) {
      expect(() => configFromEnv({ CAMPAIGN_CONCURRENCY: bad })).toThrow(/CAMPAIGN_CONCURRENCY/);
    }
  });

  it('never puts the secret in its error messages', () => {
    try {
      configFromEnv({ WXTPL_SECRET: 'top-secret-value' });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('top-secret-value');
    }
  });
});
