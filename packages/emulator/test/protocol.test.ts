import { Errcode, WeChatPath } from '@wxtpl/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { SEND, startTestEmulator, type WxCaller } from './helpers.js';

const POST_PATHS = [
  WeChatPath.libraryList,
  WeChatPath.libraryGet,
  WeChatPath.templateAdd,
  WeChatPath.templateList,
  WeChatPath.templateDelete,
  WeChatPath.templateSend,
];

describe('refusals of malformed requests', () => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  let token: string;
  beforeAll(async () => {
    ({ emulator, wx } = await startTestEmulator());
    token = await wx.token();
  });
  afterAll(() => emulator.close());

  const raw = async (method: string, path: string, body?: string) => {
    const response = await fetch(`${emulator.url}${path}`, { method, body });
    return { status: response.status, text: await response.text() };
  };

  it.each(POST_PATHS)('GET %s answers 43002', async (path) => {
    const { status, text } = await raw('GET', `${path}?access_token=${token}`);
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({
      errcode: Errcode.REQUIRE_POST_METHOD,
      errmsg: 'require POST method',
    });
  });

  it.each(POST_PATHS)('an empty body to %s answers 44002', async (path) => {
    const { text } = await raw('POST', `${path}?access_token=${token}`, '');
    expect(JSON.parse(text)).toEqual({
      errcode: Errcode.EMPTY_POST_DATA,
      errmsg: 'empty post data',
    });
  });

  it.each(POST_PATHS)('malformed JSON to %s answers 47001', async (path) => {
    const { status, text } = await raw('POST', `${path}?access_token=${token}`, '{"touser": ');
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({
      errcode: Errcode.DATA_FORMAT_ERROR,
      errmsg: 'data format error',
    });
  });

  it.each(POST_PATHS)('%s without access_token answers 41001', async (path) => {
    const { text } = await raw('POST', path, '{}');
    expect(JSON.parse(text).errcode).toBe(Errcode.ACCESS_TOKEN_MISSING);
  });

  it('a JSON array or scalar body answers 47001', async () => {
    expect((await wx.call(SEND, token, '[1,2]')).errcode).toBe(Errcode.DATA_FORMAT_ERROR);
    expect((await wx.call(SEND, token, '"text"')).errcode).toBe(Errcode.DATA_FORMAT_ERROR);
  });

  it('a body over 1 MiB is refused with 47001, not read whole', async () => {
    const { text } = await raw(
      'POST',
      `${SEND}?access_token=${token}`,
      `{"x":"${'a'.repeat(1_100_000)}"}`,
    );
    expect(JSON.parse(text).errcode).toBe(Errcode.DATA_FORMAT_ERROR);
  });

  it('pagination refuses count outside 1..20 and negative offsets with 40097', async () => {
    for (const page of [
      { offset: 0, count: 21 },
      { offset: 0, count: 0 },
      { offset: -1, count: 5 },
      { offset: 0 },
      { count: 5 },
      { offset: '0', count: 5 },
    ]) {
      expect((await wx.call(WeChatPath.libraryList, token, page)).errcode).toBe(
        Errcode.INVALID_ARGS,
      );
      expect((await wx.call(WeChatPath.templateList, token, page)).errcode).toBe(
        Errcode.INVALID_ARGS,
      );
    }
  });

  it('an unknown path answers 404 with a WeChat-shaped body, never a stack trace', async () => {
    const { status, text } = await raw('POST', '/cgi-bin/nope', '{}');
    expect(status).toBe(404);
    expect(JSON.parse(text)).toMatchObject({ errcode: Errcode.API_UNAUTHORIZED });
    expect(text).not.toMatch(/at .*\.ts/);
  });

  it('hostile JSON (prototype keys, deep nesting) is answered, not crashed on', async () => {
    const hostile = '{"__proto__": {"polluted": 1}, "touser": {"a": [[[[[[[]]]]]]]}, "data": null}';
    const { status, text } = await raw('POST', `${SEND}?access_token=${token}`, hostile);
    expect(status).toBe(200);
    expect(JSON.parse(text).errcode).toBe(Errcode.INVALID_OPENID);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it('hostile bodies on every path, control plane included, never get a 5xx or a non-JSON answer', async () => {
    const paths = [
      ...POST_PATHS,
      WeChatPath.token,
      WeChatPath.code2Session,
      '/__emulator/login',
      '/__emulator/form-ids',
      '/__emulator/prepay',
      '/__emulator/clock',
      '/__emulator/faults',
      '/__emulator/limits',
      '/__emulator/apps',
      '/__emulator/templates',
      '/__emulator/tokens/invalidate',
    ];
    const bodies = [
      'null',
      '[]',
      '"x"',
      '42',
      '{"offset":1e400,"count":-0}',
      '{"id":{"a":1},"keyword_id_list":[null]}',
      '{"touser":[],"template_id":{},"form_id":1,"page":{},"data":[],"emphasis_keyword":5}',
      '{"appid":5,"openid":{},"count":"3","rules":[null],"advanceSeconds":"1","dailySendLimit":1.5,"secret":[]}',
      `{"a":${'['.repeat(2000)}${']'.repeat(2000)}}`,
    ];
    for (const path of paths) {
      for (const body of bodies) {
        const { status, text } = await raw('POST', `${path}?access_token=${token}`, body);
        expect(status, `${path} ${body.slice(0, 40)}`).toBeLessThan(500);
        expect(() => JSON.parse(text), `${path} ${body.slice(0, 40)}`).not.toThrow();
      }
    }
  });
});
