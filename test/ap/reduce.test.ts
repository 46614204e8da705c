import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApArray, buildOp, countOp } from '../../src/ap/index.js';
import { expectCountersMatch, rowCount, runOp, wrap } from './helpers.js';

const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe('reduction across rows', () => {
  it('reduce2d sums every group of K rows into its first row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 40 }), seed, (terms, bits, s) => {
        const rows = Math.max(rowCount(s), terms);
        const run = runOp({ op: 'reduce2d', terms, bits }, { rows, seed: s, inputs: ['sums'] });
        for (let group = 0; (group + 1) * terms <= rows; group++) {
          let sum = 0n;
          for (let i = 0; i < terms; i++) sum += run.inputs[group * terms + i].sums;
          expect(run.array.getField(group * terms, run.built.fields.sums)).toBe(wrap(sum, bits, false));
        }
        expectCountersMatch(run);
      }),
      { numRuns: 80 },
    );
  });

  it('reduce1d sums every group of K rows into its first row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), seed, (terms, bits, s) => {
        const rows = Math.max(rowCount(s), terms);
        const groups = Math.floor(rows / terms);
        const run = runOp({ op: 'reduce1d', terms, bits, groups }, { rows, seed: s, inputs: ['sums'] });
        for (let group = 0; group < groups; group++) {
          let sum = 0n;
          for (let i = 0; i < terms; i++) sum += run.inputs[group * terms + i].sums;
          expect(run.array.getField(group * terms, run.built.fields.sums)).toBe(wrap(sum, bits, false));
        }
        expectCountersMatch(run);
      }),
      { numRuns: 60 },
    );
  });

  it('reduce1d count for many groups equals the generated program', () => {
    for (const [terms, groups] of [
      [3, 7],
      [9, 5],
      [16, 4],
    ]) {
      const spec = { op: 'reduce1d' as const, terms, bits: 12, groups };
      const built = buildOp(spec);
      const array = new ApArray(terms * groups, built.columns);
      array.run(built.program);
      expect(array.counters.cycles).toBe(countOp(spec).cycles);
      expect(array.counters.rowReads).toBe(groups * (terms - 1));
    }
  });

  it('reduce2d cost does not depend on the number of groups', () => {
    const spec = { op: 'reduce2d' as const, terms: 9, bits: 16 };
    const built = buildOp(spec);
    for (const rows of [9, 900, 9000]) {
      const array = new ApArray(rows, built.columns);
      array.run(built.program);
      expect(array.counters.cycles).toBe(countOp(spec).cycles);
    }
  });

  it('one term per group costs nothing', () => {
    expect(countOp({ op: 'reduce2d', terms: 1, bits: 8 }).cycles).toBe(0);
    expect(countOp({ op: 'reduce1d', terms: 1, bits: 8, groups: 10 }).cycles).toBe(0);
  });
});
