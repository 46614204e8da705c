import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApArray, ColumnAllocator, emitAdd, ProgramBuilder, shiftRight, sliceField, countOp } from '../../src/ap/index.js';
import { expectCountersMatch, expectField, rowCount, runOp, wrap } from './helpers.js';

const width = (max = 64) => fc.integer({ min: 1, max });
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const RUNS = { numRuns: 60 };

describe('clear and set', () => {
  it('clear zeroes the field in every row', () => {
    fc.assert(
      fc.property(width(), seed, (bits, s) => {
        const run = runOp({ op: 'clear', bits }, { rows: rowCount(s), seed: s, inputs: ['x'] });
        expectField(run, 'x', () => 0n);
        expectCountersMatch(run);
      }),
      RUNS,
    );
  });

  it('set writes all ones in every row', () => {
    fc.assert(
      fc.property(width(), seed, (bits, s) => {
        const run = runOp({ op: 'set', bits }, { rows: rowCount(s), seed: s, inputs: ['x'] });
        expectField(run, 'x', () => (1n << BigInt(bits)) - 1n);
        expectCountersMatch(run);
      }),
      RUNS,
    );
  });
});

describe('copy', () => {
  it('extends or truncates the source into the destination', () => {
    fc.assert(
      fc.property(width(), fc.boolean(), width(), seed, (aBits, aSigned, bits, s) => {
        const run = runOp({ op: 'copy', aBits, aSigned, bits }, { rows: rowCount(s), seed: s, inputs: ['a', 'destination'] });
        expectField(run, 'destination', (v) => wrap(v.a, bits, aSigned));
        expectField(run, 'a', (v) => v.a);
        expectCountersMatch(run);
      }),
      RUNS,
    );
  });
});

describe('in-place add and subtract', () => {
  it('add wraps modulo 2^bBits with the source extended', () => {
    fc.assert(
      fc.property(width(), fc.boolean(), width(), seed, (aBits, aSigned, bBits, s) => {
        const run = runOp({ op: 'add', aBits, aSigned, bBits }, { rows: rowCount(s), seed: s, inputs: ['a', 'b'] });
        expectField(run, 'b', (v) => wrap(v.a + v.b, bBits, aSigned));
        expectField(run, 'a', (v) => v.a);
        expectCountersMatch(run);
      }),
      RUNS,
    );
  });

  it('sub wraps modulo 2^bBits with the source extended', () => {
    fc.assert(
      fc.property(width(), fc.boolean(), width(), seed, (aBits, aSigned, bBits, s) => {
        const run = runOp({ op: 'sub', aBits, aSigned, bBits }, { rows: rowCount(s), seed: s, inputs: ['a', 'b'] });
        expectField(run, 'b', (v) => wrap(v.b - v.a, bBits, aSigned));
        expectCountersMatch(run);
      }),
      RUNS,
    );
  });

  it('add overflow wraps at 8 bits', () => {
    // 127 + 1 gives -128 signed, 255 + 1 gives 0 unsigned.
    const signed = runOp({ op: 'add', aBits: 8, aSigned: true, bBits: 8 }, {
      rows: 70,
      seed: 1,
      inputs: ['a', 'b'],
      override: (name) => (name === 'a' ? 1n : 127n),
    });
    expectField(signed, 'b', () => -128n);
    const unsigned = runOp({ op: 'add', aBits: 8, bBits: 8 }, {
      rows: 70,
      seed: 2,
      inputs: ['a', 'b'],
      override: (name) => (name === 'a' ? 1n : 255n),
    });
    expectField(unsigned, 'b', () => 0n);
  });

  it('guarded add leaves rows outside the guard unchanged', () => {
    const alloc = new ColumnAllocator(0);
    const a = alloc.field(6, true);
    const b = alloc.field(9, true);
    const carry = alloc.column();
    const guard = alloc.column();
    const builder = new ProgramBuilder();
    emitAdd(builder, { source: a, destination: b, carry, guard: { columns: [guard], key: [1] } });
    const rows = 77;
    const array = new ApArray(rows, alloc.end);
    const expected: bigint[] = [];
    for (let row = 0; row < rows; row++) {
      const av = BigInt((row * 7) % 64) - 32n;
      const bv = BigInt((row * 13) % 512) - 256n;
      array.setField(row, a, av);
      array.setField(row, b, bv);
      array.setBit(row, guard, row % 3 === 0 ? 1 : 0);
      expected.push(row % 3 === 0 ? wrap(av + bv, 9, true) : bv);
    }
    array.run(builder.build());
    expect(array.readField(b)).toEqual(expected);
  });
});

describe('out-of-place add and subtract', () => {
  it('addOut and subOut wrap modulo 2^bits', () => {
    fc.assert(
      fc.property(width(), fc.boolean(), width(), fc.boolean(), width(), fc.boolean(), seed, (aBits, aSigned, bBits, bSigned, bits, isSub, s) => {
        const op = isSub ? 'subOut' : 'addOut';
        const run = runOp({ op, aBits, aSigned, bBits, bSigned, bits }, { rows: rowCount(s), seed: s, inputs: ['a', 'b', 'destination'] });
        const signed = aSigned || bSigned;
        expectField(run, 'destination', (v) => wrap(isSub ? v.a - v.b : v.a + v.b, bits, signed));
        expectField(run, 'a', (v) => v.a);
        expectField(run, 'b', (v) => v.b);
        expectCountersMatch(run);
      }),
      RUNS,
    );
  });
});

describe('negate and abs', () => {
  it('negate wraps the most negative value to itself', () => {
    fc.assert(
      fc.property(width(), seed, (bits, s) => {
        const run = runOp({ op: 'negate', bits }, { rows: rowCount(s), seed: s, inputs: ['x'] });
        expectField(run, 'x', (v) => wrap(-v.x, bits, true));
        expectCountersMatch(run);
      }),
      RUNS,
    );
  });

  it('abs is exact when read as unsigned', () => {
    fc.assert(
      fc.property(width(), seed, (bits, s) => {
        const run = runOp({ op: 'abs', bits, signed: true }, { rows: rowCount(s), seed: s, inputs: ['x'] });
        const unsignedView = { ...run.built.fields.x, signed: false };
        for (let row = 0; row < run.activeRows; row++) {
          const x = run.inputs[row].x;
          expect(run.array.getField(row, unsignedView)).toBe(x < 0n ? -x : x);
        }
        expectCountersMatch(run);
      }),
      RUNS,
    );
  });

  it('abs of an unsigned field costs nothing and changes nothing', () => {
    const run = runOp({ op: 'abs', bits: 8 }, { rows: 65, seed: 3, inputs: ['x'] });
    expectField(run, 'x', (v) => v.x);
    expect(countOp({ op: 'abs', bits: 8 }).cycles).toBe(0);
  });
});

describe('relu and shift', () => {
  it('relu zeroes negative rows only', () => {
    fc.assert(
      fc.property(width(), fc.boolean(), seed, (bits, signed, s) => {
        const run = runOp({ op: 'relu', bits, signed }, { rows: rowCount(s), seed: s, inputs: ['x'] });
        expectField(run, 'x', (v) => (v.x < 0n ? 0n : v.x));
        expectCountersMatch(run);
      }),
      RUNS,
    );
  });

  it('relu of a signed field is one compare and one write', () => {
    const count = countOp({ op: 'relu', bits: 16, signed: true });
    expect(count.compares).toBe(1);
    expect(count.writes).toBe(1);
    expect(count.cycles).toBe(2);
  });

  it('shift view reads floor(x / 2^s) at no cost', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 64 }), fc.boolean(), seed, (bits, signed, s) => {
        const shift = s % bits;
        const run = runOp({ op: 'shift', bits, signed, shift }, { rows: rowCount(s), seed: s, inputs: ['x'] });
        expectField(run, 'result', (v) => v.x >> BigInt(shift));
        expect(run.array.counters.cycles).toBe(0);
      }),
      RUNS,
    );
  });

  it('slice of a destination stores a left-shifted value', () => {
    const alloc = new ColumnAllocator(0);
    const destination = alloc.field(12, true);
    const view = sliceField(destination, 4);
    expect(view).toEqual({ offset: 4, bits: 8, signed: true });
    expect(shiftRight(destination, 4)).toEqual(view);
    const array = new ApArray(3, alloc.end);
    array.setField(0, view, -3n);
    expect(array.getField(0, destination)).toBe(-48n);
  });
});
