import {
  type CollectRejection,
  type CollectResponse,
  parseCollectResponse,
  validateFormId,
} from '@wxtpl/shared-types';
import type { CollectItem } from './traffic.ts';

const DAY = 86_400_000;

/**
 * Judges the 200 answers to valid uploads. Per answer: the rejected items are exactly those the
 * rules refuse (with the rule's reason), and every other item is accepted or a duplicate. Across
 * the run: each storable formId of a user is accepted exactly once, and duplicates name only
 * formIds accepted for that user — whatever order concurrent uploads landed in.
 */
export class CollectOracle {
  private readonly accepted = new Map<number, Map<string, number>>();
  private readonly duplicates = new Map<number, Set<string>>();
  private readonly storable = new Map<number, Set<string>>();
  rejectedItems = 0;
  duplicateItems = 0;

  /** `now`: when the items were generated; valid ones are days away from either edge. */
  constructor(private readonly now: number) {}

  /** Problems with one answer (empty when it is right). */
  judge(user: number, items: readonly CollectItem[], body: unknown): string[] {
    const parsed = parseCollectResponse(body);
    if (!parsed.ok) return [`not a CollectResponse: ${JSON.stringify(parsed.errors)}`];
    const answer: CollectResponse = parsed.value;
    const expectedRejected: CollectRejection[] = [];
    const storable: string[] = [];
    for (const item of items) {
      const reason = this.rejection(item);
      if (reason) expectedRejected.push({ formId: item.formId, reason });
      else storable.push(item.formId);
    }
    const problems: string[] = [];
    if (JSON.stringify(answer.rejected) !== JSON.stringify(expectedRejected)) {
      problems.push(
        `rejected ${JSON.stringify(answer.rejected)}, expected ${JSON.stringify(expectedRejected)}`,
      );
    }
    const answered = [...answer.accepted, ...answer.duplicates].sort();
    if (JSON.stringify(answered) !== JSON.stringify([...storable].sort())) {
      problems.push(
        `accepted + duplicates ${JSON.stringify(answered)}, expected ${JSON.stringify(storable)}`,
      );
    }
    const accepted = this.forUser(this.accepted, user, () => new Map<string, number>());
    for (const id of answer.accepted) accepted.set(id, (accepted.get(id) ?? 0) + 1);
    const duplicates = this.forUser(this.duplicates, user, () => new Set<string>());
    for (const id of answer.duplicates) duplicates.add(id);
    const all = this.forUser(this.storable, user, () => new Set<string>());
    for (const id of storable) all.add(id);
    this.rejectedItems += answer.rejected.length;
    this.duplicateItems += answer.duplicates.length;
    return problems;
  }

  /** Problems across the run, and the formIds each user must now hold. */
  settle(): { problems: string[]; holdings: Map<number, Set<string>> } {
    const problems: string[] = [];
    const holdings = new Map<number, Set<string>>();
    for (const [user, ids] of this.storable) {
      const accepted = this.accepted.get(user) ?? new Map<string, number>();
      for (const id of ids) {
        if (accepted.get(id) !== 1)
          problems.push(
            `user ${user}: ${JSON.stringify(id)} accepted ${accepted.get(id) ?? 0} times`,
          );
      }
      for (const id of this.duplicates.get(user) ?? []) {
        if (!accepted.has(id))
          problems.push(`user ${user}: duplicate ${JSON.stringify(id)} never accepted`);
      }
      holdings.set(user, new Set(accepted.keys()));
    }
    return { problems, holdings };
  }

  get acceptedItems(): number {
    let total = 0;
    for (const ids of this.accepted.values()) total += ids.size;
    return total;
  }

  private rejection(item: CollectItem): CollectRejection['reason'] | null {
    const problem = validateFormId(item.formId);
    if (problem) return problem;
    if (item.createdAt < this.now - 7 * DAY) return 'expired';
    if (item.createdAt > this.now + DAY / 48) return 'created_in_future';
    return null;
  }

  private forUser<T>(map: Map<number, T>, user: number, create: () => T): T {
    let value = map.get(user);
    if (value === undefined) {
      value = create();
      map.set(user, value);
    }
    return value;
  }
}
