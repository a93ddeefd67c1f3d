import * as crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sameSecret } from '../src/session.js';
import { startTestStack, type TestStack } from './helpers.js';

// The merchant endpoints' x-admin-token is compared in constant time: both sides hashed to 32
// bytes and compared with timingSafeEqual, so neither a matching prefix nor the token's length
// changes how long the refusal takes. (Timing itself is not measured in tests.)
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ adminToken: 'merchant-token-0123456789' });
});
afterAll(async () => {
  await stack?.close();
});

describe('sameSecret', () => {
  it('is true only for the very same string', () => {
    expect(sameSecret('merchant-token', 'merchant-token')).toBe(true);
    for (const given of [
      'merchant-toke',
      'merchant-token ',
      'Merchant-token',
      '',
      'm'.repeat(500),
    ]) {
      expect(sameSecret(given, 'merchant-token')).toBe(false);
    }
    expect(sameSecret(undefined, 'merchant-token')).toBe(false);
    expect(sameSecret(['merchant-token', 'merchant-token'], 'merchant-token')).toBe(false);
  });
});

describe('x-admin-token', () => {
  it('goes through timingSafeEqual on equal-length digests, whatever was sent', async () => {
    const compare = vi.mocked(crypto.timingSafeEqual);
    const user = await stack.login();
    const { order } = (await stack.post('/orders', { productId: 'latte' }, user.auth)).body;
    for (const guess of ['m', 'merchant-token-012345678', 'merchant-token-0123456789-and-more']) {
      compare.mockClear();
      const refused = await stack.post(`/orders/${order.id}/ship`, {}, { 'x-admin-token': guess });
      expect(refused.status).toBe(403);
      expect(compare).toHaveBeenCalledTimes(1);
      const [a, b] = compare.mock.calls[0] as [Buffer, Buffer];
      expect([a.length, b.length]).toEqual([32, 32]);
    }
    compare.mockClear();
    const admin = { 'x-admin-token': 'merchant-token-0123456789' };
    expect((await stack.post(`/orders/${order.id}/ship`, {}, admin)).status).not.toBe(403);
    expect(compare).toHaveBeenCalledTimes(1);
  });
});
