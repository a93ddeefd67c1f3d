import type { ServerResponse } from 'node:http';
import { errmsgFor } from './errmsg.js';

/** Marks objects built by the helpers below, so a reply is never confused with parsed JSON. */
export const REPLY: unique symbol = Symbol('wxtpl-emulator-reply');

/** What a route answers; the server writes it (or withholds it when a fault says so). */
export interface Reply {
  [REPLY]?: true;
  status: number;
  /** Serialised as JSON unless `contentType` says otherwise (then it must be a string). */
  body: unknown;
  contentType?: string;
  /** Close the connection after answering (e.g. a body that was not fully read). */
  close?: boolean;
  /** Runs once the reply was written or withheld (a subscribe send is in flight until then). */
  onSettled?: () => void;
}

/** A JSON reply. */
export function jsonReply(body: unknown, status = 200): Reply {
  return { [REPLY]: true, status, body };
}

/** The one place that shapes a WeChat refusal: HTTP 200 with `{errcode, errmsg}`, like WeChat. */
export function wechatError(errcode: number, hint?: string): Reply {
  return { [REPLY]: true, status: 200, body: { errcode, errmsg: errmsgFor(errcode, hint) } };
}

/** A WeChat refusal with an errmsg of its own, like 47003's that names the field. */
export function wechatErrorMessage(errcode: number, errmsg: string): Reply {
  return { [REPLY]: true, status: 200, body: { errcode, errmsg } };
}

/** WeChat's success envelope, merged with the endpoint's fields. */
export function wechatOk<T extends object>(fields?: T, onSettled?: () => void): Reply {
  const reply: Reply = {
    [REPLY]: true,
    status: 200,
    body: { errcode: 0, errmsg: 'ok', ...fields },
  };
  if (onSettled) reply.onSettled = onSettled;
  return reply;
}

/** A control-plane refusal: a meaningful HTTP status and `{error}`. */
export function controlError(status: number, message: string): Reply {
  return { [REPLY]: true, status, body: { error: message } };
}

/** True for a reply built by the helpers above (never for request JSON). */
export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && REPLY in value;
}

/** Writes a reply; never throws. */
export function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const isText = reply.contentType !== undefined && typeof reply.body === 'string';
  const payload = isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.statusCode = reply.status;
  res.setHeader('Content-Type', reply.contentType ?? 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  if (reply.close) res.setHeader('Connection', 'close');
  res.end(payload);
}
