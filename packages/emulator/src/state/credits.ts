import { CREDIT_TTL_MS, Errcode, FORM_ID_QUOTA, PREPAY_ID_QUOTA } from '@wxtpl/shared-types';
import { newFormId, newPrepayId } from './ids.js';
import { SavedMap } from './saved-map.js';

/**
 * Where a send credit came from, named as everywhere in wxtpl (subscribe acceptances, the third
 * source, live in `acceptances.ts`).
 */
export type CreditKind = 'form' | 'prepay';

interface CreditRecord {
  appId: string;
  openid: string;
  kind: CreditKind;
  remaining: number;
  expiresAt: number;
}

/** Kinds as data files written before the rename call them. */
const LEGACY_KINDS: Readonly<Record<string, CreditKind>> = { formId: 'form', prepayId: 'prepay' };

/** Serialised credit store. */
export type CreditDump = [string, CreditRecord][];

/**
 * formIds (1 send) and prepay_ids (3 sends), each bound to one openid and one appid and valid
 * 7 days on the virtual clock.
 */
export class CreditStore extends SavedMap<CreditRecord> {
  /** Mints a credit as a form submit or a payment would. */
  mint(appId: string, openid: string, kind: CreditKind, now: number): string {
    const id = kind === 'form' ? newFormId() : newPrepayId(now);
    this.entries.set(id, {
      appId,
      openid,
      kind,
      remaining: kind === 'form' ? FORM_ID_QUOTA : PREPAY_ID_QUOTA,
      expiresAt: now + CREDIT_TTL_MS,
    });
    return id;
  }

  /** `null` when `id` may pay for a send to `openid` from `appId` now, else the errcode. */
  check(id: string, appId: string, openid: string, now: number): number | null {
    const record = this.entries.get(id);
    if (record === undefined || record.appId !== appId || record.openid !== openid) {
      return Errcode.INVALID_FORM_ID;
    }
    if (record.remaining <= 0) return Errcode.FORM_ID_USED;
    if (now >= record.expiresAt) return Errcode.INVALID_FORM_ID;
    return null;
  }

  /** Spends one send of a credit that `check` accepted. */
  spend(id: string): void {
    const record = this.entries.get(id);
    if (record) record.remaining -= 1;
  }

  protected override revive(value: CreditRecord): CreditRecord {
    return { ...value, kind: LEGACY_KINDS[value.kind] ?? value.kind };
  }
}
