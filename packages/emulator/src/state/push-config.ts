import {
  ENCODING_AES_KEY_LENGTH,
  MESSAGE_PUSH_RETRIES,
  MESSAGE_PUSH_TIMEOUT_MS,
} from '@wxtpl/shared-types';

/** Message push as configured in the admin console (开发管理 → 消息推送). */
export interface PushConfig {
  /** The app's server URL (http or https). */
  url: string;
  /** The Token used in every signature. */
  token: string;
  /** 43 characters; given, pushes are encrypted (safe mode unless `mode` says compatible). */
  encodingAESKey?: string;
  /** Data format (default `json`). */
  format: 'json' | 'xml';
  /** `plain` without a key, else `safe` (encrypted only) or `compatible` (both). */
  mode: 'plain' | 'compatible' | 'safe';
  /** WeChat waits 5 s for an answer (tests may shorten it). */
  timeoutMs: number;
  /** Retries after a failed attempt (WeChat: 3). */
  retries: number;
  /** Pause before each retry (default 0: at once). */
  retryDelayMs: number;
}

/** `push` of `POST /__emulator/apps`, as JSON. */
export interface PushConfigInput {
  url: string;
  token: string;
  encodingAESKey?: string;
  format?: 'json' | 'xml';
  mode?: 'compatible' | 'safe';
  timeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
}

const AES_KEY = new RegExp(`^[A-Za-z0-9+/]{${ENCODING_AES_KEY_LENGTH}}$`);

/** Checks untrusted JSON as a push config; returns it or a message naming the problem. */
export function parsePushConfig(input: unknown): PushConfig | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return 'push must be an object {url, token, encodingAESKey?, format?}';
  }
  const raw = input as Record<string, unknown>;
  if (typeof raw.url !== 'string' || !/^https?:\/\/[^\s]+$/.test(raw.url)) {
    return 'push.url must be an http(s) URL';
  }
  if (typeof raw.token !== 'string' || !/^[A-Za-z0-9]{3,32}$/.test(raw.token)) {
    return 'push.token must be 3 to 32 letters or digits (as the admin console requires)';
  }
  const config: PushConfig = {
    url: raw.url,
    token: raw.token,
    format: 'json',
    mode: 'plain',
    timeoutMs: MESSAGE_PUSH_TIMEOUT_MS,
    retries: MESSAGE_PUSH_RETRIES,
    retryDelayMs: 0,
  };
  if (raw.encodingAESKey !== undefined) {
    if (typeof raw.encodingAESKey !== 'string' || !AES_KEY.test(raw.encodingAESKey)) {
      return `push.encodingAESKey must be ${ENCODING_AES_KEY_LENGTH} letters or digits`;
    }
    config.encodingAESKey = raw.encodingAESKey;
    config.mode = 'safe';
  }
  if (raw.format !== undefined) {
    if (raw.format !== 'json' && raw.format !== 'xml') return "push.format must be 'json' or 'xml'";
    config.format = raw.format;
  }
  if (raw.mode !== undefined) {
    if (raw.mode !== 'safe' && raw.mode !== 'compatible') {
      return "push.mode must be 'safe' or 'compatible'";
    }
    if (config.encodingAESKey === undefined) return 'push.mode needs push.encodingAESKey';
    config.mode = raw.mode;
  }
  for (const [key, max] of [
    ['timeoutMs', 600_000],
    ['retries', 10],
    ['retryDelayMs', 600_000],
  ] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > max) {
      return `push.${key} must be an integer 0..${max}`;
    }
    config[key] = value as number;
  }
  if (config.timeoutMs === 0) return 'push.timeoutMs must be at least 1';
  return config;
}
