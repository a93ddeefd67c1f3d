import { devtoolsOpenid, startEmulator } from '@wxtpl/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS } from '../src/config.js';
import { createSessionSigner } from '../src/session.js';
import { PAGES, startTestStack, type TestStack } from './helpers.js';

// What WeChat DevTools sends: a wx.login code from WeChat's own servers, unknown to the emulator.
const DEVTOOLS_CODES = ['0e1Ko7000w3ARJ1sTN200UjhGH3Ko70y', '0a3FGbll2CPnXb4dMcml2zjrTr1FGblv'];
const SESSION_SECRET = 'devtools-test-session-secret';

describe('DevTools mode: DevTools → example backend → emulator --devtools-login', () => {
  let strict: TestStack;
  let devtools: TestStack;

  beforeAll(async () => {
    strict = await startTestStack({ sessionSecret: SESSION_SECRET, messages: 'template' });
    const emulator = await startEmulator({
      apps: [{ ...EMULATOR_DEFAULTS, pages: PAGES, devtoolsLogin: true }],
    });
    devtools = await startTestStack(
      { sessionSecret: SESSION_SECRET, messages: 'template' },
      emulator,
    );
  });

  afterAll(async () => {
    await strict?.close();
    await devtools?.close();
    await devtools?.emulator.close();
  });

  it('without it, a DevTools code is refused with 401 invalid_code', async () => {
    const answer = await strict.post('/login', { code: DEVTOOLS_CODES[0] });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_code');
  });

  it('with it, every DevTools login is the same test user, who can book', async () => {
    const sessions = createSessionSigner(SESSION_SECRET);
    const openids = [];
    for (const code of DEVTOOLS_CODES) {
      const answer = await devtools.post('/login', { code });
      expect(answer.status).toBe(200);
      openids.push(sessions.verify(answer.body.token));
    }
    expect(openids).toEqual([
      devtoolsOpenid(EMULATOR_DEFAULTS.appId),
      devtoolsOpenid(EMULATOR_DEFAULTS.appId),
    ]);

    const login = await devtools.post('/login', { code: DEVTOOLS_CODES[1] });
    const booking = await devtools.post(
      '/bookings',
      { service: '洗牙', time: '2026年5月1日 10:00', store: '天河店', contact: '13800138000' },
      { authorization: `Bearer ${login.body.token}` },
    );
    expect(booking.status).toBe(201);
    // DevTools hands out mock formIds, which are never collected: the booking stands, unnotified.
    expect(booking.body.notification).toMatchObject({ sent: false, reason: 'no_credit' });
  });
});
