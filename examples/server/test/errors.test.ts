import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakableStore, startExampleEmulator, startTestStack, type TestStack } from './helpers.js';

// An unexpected failure answers 500 in general words: its message (a store's, WeChat's) goes to
// the log only.

const broken = breakableStore();
let stack: TestStack;
let emulator: Awaited<ReturnType<typeof startExampleEmulator>>;
beforeAll(async () => {
  emulator = await startExampleEmulator();
  stack = await startTestStack({}, emulator, { store: broken.store });
});
afterAll(async () => {
  await stack?.close();
  await emulator?.close();
});

describe('a 500', () => {
  it('says nothing of its cause when the store fails while a payment is recorded', async () => {
    const user = await stack.login();
    const { order } = (await stack.post('/orders', { productId: 'latte' }, user.auth)).body;
    broken.fail('credits.insert');
    const answer = await stack.post(`/orders/${order.id}/pay`, undefined, user.auth);
    expect(answer).toEqual({ status: 500, body: { error: 'internal', message: 'internal error' } });
  });

  it('leaves 4xx answers as they were (a validation error names the field)', async () => {
    const user = await stack.login();
    const answer = await stack.post('/orders', {}, user.auth);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/productId/);
  });
});
