import { describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS } from '../src/config.js';
import { createServer } from '../src/server.js';
import { startExampleEmulator, testConfig } from './helpers.js';

describe('logs', () => {
  it('never contain the appSecret, the access_token, a session token or a session_key', async () => {
    const emulator = await startExampleEmulator();
    const lines: string[] = [];
    const server = await createServer(
      testConfig(emulator.url, {
        sessionSecret: 'log-test-session-secret-0123',
        adminToken: 'log-test-admin-token',
      }),
      { logger: { level: 'debug', stream: { write: (line: string) => lines.push(line) } } },
    );
    const url = await server.listen(0, '127.0.0.1');
    try {
      const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      const { code, openid } = await emulator.control.login({ appId: EMULATOR_DEFAULTS.appId });
      const { token } = (await (await post('/login', { code })).json()) as { token: string };
      await post('/login', { code }); // reused code: refused
      const auth = { authorization: `Bearer ${token}` };
      const [formId] = await emulator.control.formIds({ appId: EMULATOR_DEFAULTS.appId, openid });
      await post('/formids', { items: [{ formId, createdAt: Date.now() }] }, auth);
      // A failing send: the token is refused mid-run, then WeChat is busy.
      await emulator.control.faults([
        { path: '/cgi-bin/message/wxopen/template/send', errcode: 40001, times: 1 },
        { path: '/cgi-bin/message/wxopen/template/send', errcode: -1, times: 1 },
      ]);
      const booking = { service: '洗牙', time: '明天 10:00', store: '珠江新城店', contact: '李雷' };
      const booked = await post('/bookings', booking, auth);
      expect(booked.status).toBe(201);
      const accessToken = await server.client.getAccessToken();

      const text = lines.join('\n');
      expect(lines.length).toBeGreaterThan(5);
      for (const secret of [EMULATOR_DEFAULTS.appSecret, accessToken, token, code]) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toMatch(/session_key/);
    } finally {
      await server.close();
      await emulator.close();
    }
  });
});
