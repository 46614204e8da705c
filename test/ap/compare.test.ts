import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPARE_PREDICATES, countOp, type ComparePredicate } from '../../src/ap/index.js';
import { expectCountersMatch, expectField, rangeOf, rowCount, runOp, wrap } from './helpers.js';

const width = fc.integer({ min: 1, max: 64 });
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

const predicateHolds: Record<ComparePredicate, (a: bigint, b: bigint) => boolean> = {
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  eq: (a, b) => a === b,
  ge: (a, b) => a >= b,
  gt: (a, b) => a > b,
};

describe('compare into a flag', () => {
  it('each predicate matches integer comparison for any widths and signedness', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMPARE_PREDICATES), width, fc.boolean(), width, fc.boolean(), seed, (op, aBits, aSigned, bBits, bSigned, s) => {
        // Every other row gets b = a where a fits b, so eq, le and ge see both outcomes.
        const bRange = rangeOf(bBits, bSigned);
        let a = 0n;
        const run = runOp({ op, aBits, aSigned, bBits, bSigned }, {
          rows: rowCount(s),
          seed: s,
          inputs: ['a', 'b'],
          override: (name, row, drawn) => {
            if (name === 'a') a = drawn;
            if (name === 'a' || row % 2 === 1 || a < bRange.min || a > bRange.max) return drawn;
            return a;
          },
        });
        expectField(run, 'flag', (v) => (predicateHolds[op](v.a, v.b) ? 1n : 0n));
        expectField(run, 'a', (v) => v.a);
        expectField(run, 'b', (v) => v.b);
        expectCountersMatch(run);
      }),
      { numRuns: 150 },
    );
  });

  it('equal operands set eq, le and ge and clear lt and gt', () => {
    for (const op of COMPARE_PREDICATES) {
      for (const signed of [false, true]) {
        const run = runOp({ op, aBits: 7, aSigned: signed, bBits: 7, bSigned: signed }, { rows: 90, seed: 9, inputs: ['a', 'b'] });
        const same = runOp({ op, aBits: 7, aSigned: signed, bBits: 7, bSigned: signed }, {
          rows: 90,
          seed: 9,
          inputs: ['a', 'b'],
          override: (name, row) => BigInt(row % 50) - (signed ? 25n : 0n),
        });
        expectField(run, 'flag', (v) => (predicateHolds[op](v.a, v.b) ? 1n : 0n));
        expectField(same, 'flag', () => (op === 'lt' || op === 'gt' ? 0n : 1n));
      }
    }
  });

  it('signed -1 is less than unsigned 0', () => {
    const run = runOp({ op: 'lt', aBits: 4, aSigned: true, bBits: 4, bSigned: false }, {
      rows: 33,
      seed: 4,
      inputs: ['a', 'b'],
      override: (name) => (name === 'a' ? -1n : 0n),
    });
    expectField(run, 'flag', () => 1n);
  });

  it('an 8-bit lt takes 15 passes', () => {
    const count = countOp({ op: 'lt', aBits: 8, bBits: 8 });
    expect(count.compares).toBe(15);
    expect(count.writes).toBe(16);
  });
});

describe('max and min', () => {
  it('max and min update a in place', () => {
    fc.assert(
      fc.property(fc.constantFrom('max' as const, 'min' as const), width, fc.boolean(), width, fc.boolean(), seed, (op, aBits, aSigned, bBits, bSigned, s) => {
        const run = runOp({ op, aBits, aSigned, bBits, bSigned }, { rows: rowCount(s), seed: s, inputs: ['a', 'b'] });
        const pick = (a: bigint, b: bigint): bigint => {
          if (op === 'max') return a > b ? a : b;
          return a < b ? a : b;
        };
        expectField(run, 'a', (v) => wrap(pick(v.a, v.b), aBits, aSigned));
        expectField(run, 'b', (v) => v.b);
        expectCountersMatch(run);
      }),
      { numRuns: 100 },
    );
  });
});
