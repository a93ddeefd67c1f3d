import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import { ENCODING_AES_KEY_LENGTH } from '@wxtpl/shared-types';

/** SHA-1 hex of the lexicographically sorted parts, joined: WeChat's push signature. */
export function pushSignature(parts: readonly string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Compares a received signature with the expected one in constant time. */
export function signatureMatches(received: string | null, parts: readonly string[]): boolean {
  if (received === null || !/^[0-9a-f]{40}$/i.test(received)) return false;
  return timingSafeEqual(Buffer.from(received.toLowerCase()), Buffer.from(pushSignature(parts)));
}

/** The 32-byte AES key of an EncodingAESKey (43 base64 characters), or null when it is not one. */
export function aesKeyOf(encodingAESKey: string): Buffer | null {
  if (
    encodingAESKey.length !== ENCODING_AES_KEY_LENGTH ||
    !/^[A-Za-z0-9+/]+$/.test(encodingAESKey)
  ) {
    return null;
  }
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  return key.length === 32 ? key : null;
}

/**
 * Safe mode: AES-256-CBC with the key's first 16 bytes as IV, PKCS#7 padding to 32-byte blocks;
 * the plaintext is 16 random bytes, the message's length (4 bytes, big-endian), the message and
 * the appid. Resolves to the message, or null when anything is off (the appid included).
 */
export function decryptPush(key: Buffer, encrypted: string, appId: string): string | null {
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > 32 || pad > plain.length) return null;
  const body = plain.subarray(0, plain.length - pad);
  if (body.length < 20) return null;
  const length = body.readUInt32BE(16);
  if (20 + length > body.length) return null;
  const from = body.subarray(20 + length).toString('utf8');
  if (from !== appId) return null;
  return body.subarray(20, 20 + length).toString('utf8');
}
