import { afterEach, describe, expect, it } from 'vitest';
import {
  type DemoStack,
  DemoStepError,
  recordingTranscript,
  runDemoFlow,
  startDemoStack,
} from '../demo/index.js';
import { startMiniProgram, waitForPage } from '../demo/miniprogram-host.js';

let stack: DemoStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('the demo flow', () => {
  it('stops at the first step whose message does not arrive, naming it', async () => {
    stack = await startDemoStack();
    // WeChat refuses every send as over the daily limit: the booking is made, the message is not.
    await stack.emulator.control.faults([
      { path: '/cgi-bin/message/subscribe/send', errcode: 45009 },
    ]);
    const out = recordingTranscript();
    const failure = runDemoFlow(stack, out);
    await expect(failure).rejects.toBeInstanceOf(DemoStepError);
    await expect(failure).rejects.toThrow(/expected 1 message\(s\) in the inbox, found 0/);
    const text = out.lines.join('\n');
    expect(text).toMatch(/Booking 1/);
    expect(text).toMatch(/通知未发送/);
    expect(text).not.toMatch(/Booking 2/);
  });
});

describe('the example mini-program, headless', () => {
  it('renews an expired session before uploading, so the booking still gets its confirmation', async () => {
    stack = await startDemoStack();
    const backend = stack.backends.template;
    const appId = backend.config.appId;
    const mini = await startMiniProgram({
      emulatorUrl: stack.emulator.url,
      appId,
      apiBase: backend.url,
      messages: 'template',
    });
    try {
      await mini.app.session();
      const openid = mini.runtime.openid as string;
      // The backend no longer accepts the app's token (expired, or the secret rotated).
      mini.app.globalData.token = 'v1.expired.token';
      const page = await mini.openPage('booking');
      const value = {
        service: '洗牙',
        time: '2026年12月8日 10:30',
        store: '珠江新城店',
        contact: '李雷',
      };
      const formId = await mini.tapSubmit(page, '#booking-form', value);
      const data = await waitForPage(
        page,
        (d) => d.status === 'booked' || d.status === 'error',
        'the booking',
      );
      expect(data.status).toBe('booked');
      const statuses = mini.takeRequests().map((r) => `${r.method} ${r.path} ${r.status}`);
      expect(statuses).toEqual([
        'POST /login 200',
        'POST /formids 401',
        'POST /login 200',
        'POST /formids 200',
        'POST /bookings 201',
      ]);
      const inbox = await stack.emulator.control.inbox({ appId, openid });
      expect(inbox.map((m) => [m.title, m.form_id])).toEqual([['预约成功通知', formId]]);
    } finally {
      mini.close();
    }
  });

  it('sends nothing for a DevTools mock formId: the booking is made, the user is told no message went', async () => {
    stack = await startDemoStack();
    const backend = stack.backends.template;
    const mini = await startMiniProgram({
      emulatorUrl: stack.emulator.url,
      appId: backend.config.appId,
      apiBase: backend.url,
      messages: 'template',
    });
    try {
      const page = await mini.openPage('booking');
      const value = { service: '洗牙', time: '明天 10:30', store: '珠江新城店', contact: '李雷' };
      await mini.tapSubmit(page, '#booking-form', value, 'mock');
      const data = await waitForPage(
        page,
        (d) => d.status === 'booked' || d.status === 'error',
        'the booking',
      );
      expect(data.message).toMatch(/通知未发送/);
      expect(mini.takeRequests().map((r) => r.path)).not.toContain('/formids');
      expect(await stack.emulator.control.inbox({ appId: backend.config.appId })).toEqual([]);
    } finally {
      mini.close();
    }
  });
});
