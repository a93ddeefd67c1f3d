import { describe, expect, it } from 'vitest';
import * as limits from '../src/limits.js';

describe('limits', () => {
  it('match the reference document', () => {
    expect(limits.FORM_ID_TTL_MS).toBe(7 * 24 * 3600 * 1000);
    expect(limits.CREDIT_TTL_MS).toBe(limits.FORM_ID_TTL_MS);
    expect(limits.FORM_ID_QUOTA).toBe(1);
    expect(limits.PREPAY_ID_QUOTA).toBe(3);
    expect(limits.PAGE_SIZE_MAX).toBe(20);
    expect(limits.TEMPLATE_KEYWORDS_MAX).toBe(10);
    expect(limits.ACCESS_TOKEN_TTL_SECONDS).toBe(7200);
    expect(limits.DAILY_SEND_LIMIT).toBe(1_000_000);
    expect(limits.ACCESS_TOKEN_MAX_LENGTH).toBe(512);
    expect(limits.MIN_WECHAT_VERSION).toBe('6.5.2');
  });
});
