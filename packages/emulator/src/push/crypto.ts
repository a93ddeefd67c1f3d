/**
 * WeChat's message-push signing and safe-mode encryption, as the reference document gives them.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/** SHA-1 hex of the lexicographically sorted concatenation of `parts`. */
export function pushSignature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Ciphertext blocks are padded (PKCS#7) to 32 bytes, not AES's 16. */
const PAD_BLOCK = 32;

/**
 * The `Encrypt` field: AES-256-CBC of 16 random bytes, the message length (4 bytes, big-endian),
 * the message and the appid; key = base64(EncodingAESKey + "="), IV = the key's first 16 bytes.
 */
export function encryptPush(encodingAESKey: string, appId: string, message: string): string {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([randomBytes(16), length, body, Buffer.from(appId, 'utf8')]);
  const pad = PAD_BLOCK - (plain.length % PAD_BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString('base64');
}

/** A random numeric nonce, like WeChat's. */
export function pushNonce(): string {
  return String(randomBytes(4).readUInt32BE());
}
