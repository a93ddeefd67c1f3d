import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS } from '../src/config.js';
import {
  type Answer,
  loginWithUsedCode,
  startExampleEmulator,
  startTestStack,
  type TestStack,
} from './helpers.js';

// POST /login when WeChat refuses: the app gets our words and a status it can act on (401: log in
// again; 503: retry later), never WeChat's errmsg, a secret or WeChat's own HTTP status.

const CODE2SESSION = '/sns/jscode2session';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterEach(async () => {
  await stack.emulator.control.faults([]);
});
afterAll(async () => {
  await stack?.close();
});

async function loginWithFreshCode(): Promise<Answer> {
  const { code } = await stack.emulator.control.login({ appId: stack.config.appId });
  return stack.post('/login', { code });
}

/** Nothing in the answer came from WeChat or from our configuration. */
function expectClean(answer: Answer) {
  const text = JSON.stringify(answer.body);
  expect(Object.keys(answer.body).sort()).toEqual(['error', 'message']);
  expect(text).not.toMatch(/errcode|errmsg|rid:|40029|40163|-1\b|502|invalid code|appsecret/i);
  for (const secret of [EMULATOR_DEFAULTS.appSecret, stack.config.sessionSecret]) {
    expect(text).not.toContain(secret);
  }
}

describe('POST /login when WeChat refuses', () => {
  it('answers 401 invalid_code in its own words for a used code (40163) and a bad one (40029)', async () => {
    const reused = await loginWithUsedCode(stack);
    expect(reused.status).toBe(401);
    expect(reused.body.error).toBe('invalid_code');
    expectClean(reused);

    await stack.emulator.control.faults([{ path: CODE2SESSION, errcode: 40163 }]);
    const used = await loginWithFreshCode();
    expect(used.status).toBe(401);
    expectClean(used);
  });

  it('answers 503 with retry-after when WeChat answers HTTP 502', async () => {
    await stack.emulator.control.faults([{ path: CODE2SESSION, httpStatus: 502 }]);
    const { code } = await stack.emulator.control.login({ appId: stack.config.appId });
    const response = await fetch(`${stack.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const answer = { status: response.status, body: await response.json() };
    expect(answer.body.error).toBe('wechat_unavailable');
    expectClean(answer);
  });

  it('answers 503 when WeChat stays busy (-1)', async () => {
    await stack.emulator.control.faults([{ path: CODE2SESSION, errcode: -1 }]);
    const busy = await loginWithFreshCode();
    expect(busy.status).toBe(503);
    expect(busy.body.error).toBe('wechat_unavailable');
    expectClean(busy);
  });

  it("answers 503 without WeChat's words when WeChat refuses our AppSecret (40125)", async () => {
    await stack.emulator.control.faults([{ path: CODE2SESSION, errcode: 40125 }]);
    const refused = await loginWithFreshCode();
    expect(refused.status).toBe(503);
    expectClean(refused);
  });

  it('answers 503 when WeChat cannot be reached at all', async () => {
    const emulator = await startExampleEmulator();
    const offline = await startTestStack({}, emulator);
    try {
      const { code } = await emulator.control.login({ appId: offline.config.appId });
      await emulator.close();
      const unreachable = await offline.post('/login', { code });
      expect(unreachable.status).toBe(503);
      expect(unreachable.body.error).toBe('wechat_unavailable');
    } finally {
      await offline.close();
    }
  });
});
