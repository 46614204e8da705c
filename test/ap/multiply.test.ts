import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ApArray,
  ColumnAllocator,
  constantProductBits,
  countOp,
  emitMultiply,
  emitMultiplyConstant,
  ProgramBuilder,
} from '../../src/ap/index.js';
import { binaryTerms, nonAdjacentTerms } from '../../src/ap/ops/multiply.js';
import { expectCountersMatch, expectField, rowCount, runOp, wrap } from './helpers.js';

const operandWidth = fc.integer({ min: 1, max: 32 });
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const constant = fc.oneof(
  fc.bigInt({ min: -(2n ** 32n) + 1n, max: 2n ** 32n - 1n }),
  fc.bigInt({ min: -300n, max: 300n }),
  fc.constantFrom(0n, 1n, -1n, 2n ** 31n, -(2n ** 31n), 2n ** 32n - 1n, -(2n ** 32n) + 1n, 0x5555n, 0x7fn, -0x80n),
);

describe('multiply', () => {
  it('mul is exact for every mix of signedness', () => {
    fc.assert(
      fc.property(operandWidth, fc.boolean(), operandWidth, fc.boolean(), seed, (aBits, aSigned, bBits, bSigned, s) => {
        const run = runOp({ op: 'mul', aBits, aSigned, bBits, bSigned }, { rows: rowCount(s), seed: s, inputs: ['a', 'b', 'product'] });
        expectField(run, 'product', (v) => v.a * v.b);
        expectField(run, 'a', (v) => v.a);
        expectField(run, 'b', (v) => v.b);
        expectCountersMatch(run);
      }),
      { numRuns: 80 },
    );
  });

  it('mul of the extremes: -2^(m-1) squared and max unsigned squared', () => {
    for (const bits of [1, 2, 8, 16, 32]) {
      const signed = runOp({ op: 'mul', aBits: bits, aSigned: true, bBits: bits, bSigned: true }, {
        rows: 65,
        seed: bits,
        inputs: ['a', 'b'],
        override: () => -(1n << BigInt(bits - 1)),
      });
      expectField(signed, 'product', () => 1n << BigInt(2 * bits - 2));
      const unsigned = runOp({ op: 'mul', aBits: bits, bBits: bits }, {
        rows: 65,
        seed: bits,
        inputs: ['a', 'b'],
        override: () => (1n << BigInt(bits)) - 1n,
      });
      expectField(unsigned, 'product', () => ((1n << BigInt(bits)) - 1n) ** 2n);
    }
  });

  it('mul into a wider product sign-extends', () => {
    fc.assert(
      fc.property(operandWidth, fc.boolean(), operandWidth, fc.boolean(), fc.integer({ min: 0, max: 12 }), seed, (aBits, aSigned, bBits, bSigned, extra, s) => {
        const bits = Math.min(64, aBits + bBits + extra);
        const run = runOp({ op: 'mul', aBits, aSigned, bBits, bSigned, bits }, { rows: rowCount(s), seed: s, inputs: ['a', 'b', 'product'] });
        expect(run.built.fields.product.bits).toBe(bits);
        expectField(run, 'product', (v) => v.a * v.b);
        expectCountersMatch(run);
      }),
      { numRuns: 15 },
    );
  });

  it('mac wraps at the accumulator width', () => {
    fc.assert(
      fc.property(operandWidth, fc.boolean(), operandWidth, fc.boolean(), fc.integer({ min: 1, max: 64 }), seed, (aBits, aSigned, bBits, bSigned, accBits, s) => {
        const run = runOp({ op: 'mac', aBits, aSigned, bBits, bSigned, accBits }, {
          rows: rowCount(s),
          seed: s,
          inputs: ['a', 'b', 'accumulator'],
        });
        expectField(run, 'accumulator', (v) => wrap(v.accumulator + v.a * v.b, accBits, true));
        expectCountersMatch(run);
      }),
      { numRuns: 60 },
    );
  });

  it('8x8 unsigned multiply takes 225 passes', () => {
    // Bit 0 of the multiplier copies a (8 passes); bits 1..7 each add a in 2 + 4·7 passes plus
    // one carry-out pass: 8 + 7 · 31 = 225 compares, 225 writes + 1 clear.
    const count = countOp({ op: 'mul', aBits: 8, bBits: 8 });
    expect(count.compares).toBe(225);
    expect(count.writes).toBe(226);
    expect(count.cycles).toBe(451);
  });

  it('guard rows with multiplier 0 keep a zero product', () => {
    const alloc = new ColumnAllocator(0);
    const a = alloc.field(5, true);
    const b = alloc.field(3, true);
    const product = alloc.field(8, true);
    const carry = alloc.column();
    const builder = new ProgramBuilder();
    emitMultiply(builder, { left: a, right: b, product, carry });
    const array = new ApArray(40, alloc.end);
    for (let row = 0; row < 40; row++) {
      array.setField(row, a, BigInt(row % 32) - 16n);
      array.setField(row, b, 0n);
      array.setField(row, product, -1n);
    }
    array.run(builder.build());
    expect(array.readField(product).every((value) => value === 0n)).toBe(true);
  });

  it('rejects a product field narrower than the operands', () => {
    const builder = new ProgramBuilder();
    expect(() =>
      emitMultiply(builder, {
        left: { offset: 0, bits: 4, signed: false },
        right: { offset: 4, bits: 4, signed: false },
        product: { offset: 8, bits: 7, signed: false },
        carry: 15,
      }),
    ).toThrow(/has 7 bits but these terms need 8/);
  });
});

describe('multiply by a constant', () => {
  it('mulConst is exact for any constant', () => {
    fc.assert(
      fc.property(operandWidth, fc.boolean(), constant, seed, (xBits, xSigned, c, s) => {
        const run = runOp({ op: 'mulConst', xBits, xSigned, constant: c }, { rows: rowCount(s), seed: s, inputs: ['x', 'product'] });
        expectField(run, 'product', (v) => v.x * c);
        expectField(run, 'x', (v) => v.x);
        expectCountersMatch(run);
      }),
      { numRuns: 100 },
    );
  });

  it('macConst wraps at the accumulator width', () => {
    fc.assert(
      fc.property(operandWidth, fc.boolean(), constant, fc.integer({ min: 1, max: 64 }), seed, (xBits, xSigned, c, accBits, s) => {
        const run = runOp({ op: 'macConst', xBits, xSigned, constant: c, accBits }, {
          rows: rowCount(s),
          seed: s,
          inputs: ['x', 'accumulator'],
        });
        expectField(run, 'accumulator', (v) => wrap(v.accumulator + v.x * c, accBits, true));
        expectCountersMatch(run);
      }),
      { numRuns: 60 },
    );
  });

  it('a constant 0 costs one clear for mulConst and nothing for macConst', () => {
    expect(countOp({ op: 'mulConst', xBits: 8, constant: 0 }).cycles).toBe(1);
    expect(countOp({ op: 'macConst', xBits: 8, constant: 0, accBits: 24 }).cycles).toBe(0);
  });

  it('only nonzero digits cost passes', () => {
    // 2^k has one digit: a copy of x, 8 passes, whatever k is.
    for (const k of [0, 5, 20]) expect(countOp({ op: 'mulConst', xBits: 8, constant: 2n ** BigInt(k) }).compares).toBe(8);
    // 0b0101 needs 2 digits: copy (8) + one unsigned add term (4·8 − 1).
    expect(countOp({ op: 'mulConst', xBits: 8, constant: 5 }).compares).toBe(8 + 31);
    // 127 = 128 − 1 in non-adjacent form: negated copy (16) + one signed add term (4·8 + 1).
    expect(countOp({ op: 'mulConst', xBits: 8, constant: 127 }).compares).toBe(16 + 33);
  });

  it('recodings sum back to the constant', () => {
    fc.assert(
      fc.property(constant, (c) => {
        for (const terms of [binaryTerms(c), nonAdjacentTerms(c)]) {
          const sum = terms.reduce((total, term) => total + (term.negative ? -1n : 1n) * (1n << BigInt(term.shift)), 0n);
          expect(sum).toBe(c);
        }
        const naf = nonAdjacentTerms(c);
        for (let i = 1; i < naf.length; i++) expect(naf[i].shift - naf[i - 1].shift).toBeGreaterThanOrEqual(2);
      }),
    );
  });

  it('a product wider than needed is sign-extended', () => {
    const alloc = new ColumnAllocator(1);
    const x = alloc.field(6, true);
    const product = alloc.field(constantProductBits(6, true, -37n) + 9, true);
    const carry = alloc.column();
    const builder = new ProgramBuilder();
    emitMultiplyConstant(builder, { source: x, constant: -37n, product, carry });
    const array = new ApArray(64, alloc.end);
    for (let row = 0; row < 64; row++) array.setField(row, x, BigInt(row) - 32n);
    array.run(builder.build());
    for (let row = 0; row < 64; row++) expect(array.getField(row, product)).toBe((BigInt(row) - 32n) * -37n);
  });
});
