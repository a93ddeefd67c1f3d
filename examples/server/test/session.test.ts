import { describe, expect, it } from 'vitest';
import { bearerToken, createSessionSigner } from '../src/session.js';

const signer = createSessionSigner('a-secret-of-sixteen+chars', 60);

describe('session tokens', () => {
  it('round-trips the openid until the token expires', () => {
    const token = signer.sign('oUser1', 1_000_000);
    expect(signer.verify(token, 1_000_000)).toBe('oUser1');
    expect(signer.verify(token, 1_000_000 + 59_000)).toBe('oUser1');
    expect(signer.verify(token, 1_000_000 + 61_000)).toBeNull();
  });

  it('refuses tampered payloads, foreign signatures and junk', () => {
    const token = signer.sign('oUser1');
    const [prefix, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'oAdmin', exp: 9_999_999_999 })).toString(
      'base64url',
    );
    expect(signer.verify(`${prefix}.${forged}.${signature}`)).toBeNull();
    expect(createSessionSigner('another-secret-0123456789').verify(token)).toBeNull();
    for (const junk of [undefined, null, 42, '', 'v1..', 'v1.a.b', 'x'.repeat(5000), 'v2.a.b']) {
      expect(signer.verify(junk)).toBeNull();
    }
  });

  it('needs a real secret', () => {
    expect(() => createSessionSigner('short')).toThrow(TypeError);
  });

  it('reads bearer headers', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
