import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byExpiry, type LiveCredit, LiveCredits } from '../src/store/live-credits.js';

// The memory backend's take reads the first credit instead of scanning: the structure must agree
// with a plain map sorted on demand after any sequence of operations.
type Op =
  | { kind: 'add'; id: string; expiresAt: number }
  | { kind: 'delete'; id: string }
  | { kind: 'removeFirst'; count: number }
  | { kind: 'dropExpired'; now: number };

const idArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const timeArb = fc.integer({ min: 0, max: 20 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), id: idArb, expiresAt: timeArb }),
  fc.record({ kind: fc.constant('delete' as const), id: idArb }),
  fc.record({ kind: fc.constant('removeFirst' as const), count: fc.integer({ min: -1, max: 3 }) }),
  fc.record({ kind: fc.constant('dropExpired' as const), now: timeArb }),
);

describe('LiveCredits', () => {
  it('matches a sorted map after any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const live = new LiveCredits();
        const model = new Map<string, LiveCredit>();
        const sortedModel = () => [...model.values()].sort(byExpiry);
        for (const op of ops) {
          if (op.kind === 'add') {
            const credit = {
              id: op.id,
              source: 'form' as const,
              usesLeft: 1,
              expiresAt: op.expiresAt,
            };
            live.add(credit);
            model.set(op.id, credit);
          } else if (op.kind === 'delete') {
            expect(live.delete(op.id)).toBe(model.delete(op.id));
          } else if (op.kind === 'removeFirst') {
            const expected = sortedModel().slice(0, Math.max(0, op.count));
            for (const credit of expected) model.delete(credit.id);
            expect(live.removeFirst(op.count)).toEqual(expected);
          } else {
            const expired = sortedModel().filter((credit) => credit.expiresAt <= op.now);
            for (const credit of expired) model.delete(credit.id);
            expect(live.dropExpired(op.now)).toBe(expired.length);
          }
          expect(live.inOrder()).toEqual(sortedModel());
          expect(live.size).toBe(model.size);
          expect(live.first()).toEqual(sortedModel()[0]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
