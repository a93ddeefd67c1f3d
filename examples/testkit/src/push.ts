import { createCipheriv, createHash, randomBytes } from 'node:crypto';

// WeChat's message-push signing and safe-mode encryption, written from WeChat's description
// independently of the SDK's and the emulator's, for tests and benchmarks of push receivers.

/** SHA-1 hex of the sorted, concatenated parts (`signature` and `msg_signature`). */
export function signPush(...parts: string[]): string {
  return createHash('sha1').update(parts.sort().join('')).digest('hex');
}

/** The `Encrypt` field of a safe-mode push of `message` for `appId`. */
export function encryptPush(encodingAESKey: string, appId: string, message: string): string {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  const body = Buffer.concat([
    randomBytes(16),
    Buffer.from([0, 0, 0, 0]),
    Buffer.from(message),
    Buffer.from(appId),
  ]);
  body.writeUInt32BE(Buffer.byteLength(message), 16);
  const pad = 32 - (body.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString('base64');
}
