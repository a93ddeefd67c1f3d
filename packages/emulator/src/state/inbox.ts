import type { AnyInboxMessage } from '../types.js';
import { userKey } from './user-key.js';

/** Messages kept per user; older ones are dropped so that long benchmarks stay bounded. */
export const INBOX_CAPACITY = 1000;

/** Serialised inbox. */
export interface InboxDump {
  sequence: number;
  messages: AnyInboxMessage[];
}

/** Delivered messages per (appid, openid), newest last. */
export class Inbox {
  private sequence = 0;
  private readonly byUser = new Map<string, AnyInboxMessage[]>();

  nextId(): number {
    this.sequence += 1;
    return this.sequence;
  }

  deliver(message: AnyInboxMessage): void {
    const key = userKey(message.appid, message.touser);
    let list = this.byUser.get(key);
    if (list === undefined) {
      list = [];
      this.byUser.set(key, list);
    }
    list.push(message);
    // Trimming in batches keeps delivery amortised O(1); readers see the newest INBOX_CAPACITY.
    if (list.length >= 2 * INBOX_CAPACITY) list.splice(0, list.length - INBOX_CAPACITY);
  }

  /** Messages filtered by app and/or user, oldest first. */
  list(appid?: string, openid?: string): AnyInboxMessage[] {
    if (appid !== undefined && openid !== undefined) {
      return (this.byUser.get(userKey(appid, openid)) ?? []).slice(-INBOX_CAPACITY);
    }
    const out: AnyInboxMessage[] = [];
    for (const list of this.byUser.values()) {
      for (const m of list.slice(-INBOX_CAPACITY)) {
        if (
          (appid === undefined || m.appid === appid) &&
          (openid === undefined || m.touser === openid)
        )
          out.push(m);
      }
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** How many messages a user holds. */
  count(appid: string, openid: string): number {
    return Math.min(this.byUser.get(userKey(appid, openid))?.length ?? 0, INBOX_CAPACITY);
  }

  clear(): void {
    this.sequence = 0;
    this.byUser.clear();
  }

  dump(): InboxDump {
    return { sequence: this.sequence, messages: this.list() };
  }

  load(dump: InboxDump): void {
    this.clear();
    // Data files written before subscribe messages hold template messages without `kind`.
    for (const m of dump.messages)
      this.deliver({ ...m, kind: m.kind ?? 'template' } as AnyInboxMessage);
    this.sequence = dump.sequence;
  }
}
