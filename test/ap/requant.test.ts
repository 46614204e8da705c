import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countOp } from '../../src/ap/index.js';
import { expectCountersMatch, expectField, rangeOf, rowCount, runOp } from './helpers.js';

const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

function clamp(value: bigint, bits: number, signed: boolean): bigint {
  const { min, max } = rangeOf(bits, signed);
  if (value < min) return min;
  if (value > max) return max;
  return value;
}

/** round half up of acc · B / 2^C, computed with exact rationals: ties go toward +∞. */
function requantReference(acc: bigint, multiplier: bigint, shift: number): bigint {
  const numerator = acc * multiplier;
  const denominator = 1n << BigInt(shift);
  // floor(numerator / denominator + 1/2) = floor((2 · numerator + denominator) / (2 · denominator))
  const twice = 2n * numerator + denominator;
  const divisor = 2n * denominator;
  const quotient = twice / divisor;
  return twice % divisor !== 0n && twice < 0n ? quotient - 1n : quotient;
}

describe('clamp', () => {
  it('saturates to the signed or unsigned output range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.boolean(), fc.integer({ min: 1, max: 64 }), fc.boolean(), seed, (bits, signed, outBits, outSigned, s) => {
        const run = runOp({ op: 'clamp', bits, signed, outBits, outSigned }, { rows: rowCount(s), seed: s, inputs: ['x'] });
        expectField(run, 'x', (v) => clamp(v.x, outBits, outSigned));
        const low = { ...run.built.fields.x, bits: Math.min(outBits, bits), signed: outSigned };
        for (let row = 0; row < run.activeRows; row++) {
          if (outBits <= bits) expect(run.array.getField(row, low)).toBe(clamp(run.inputs[row].x, outBits, outSigned));
        }
        expectCountersMatch(run);
      }),
      { numRuns: 100 },
    );
  });

  it('clamping 16-bit signed to 8-bit signed saturates at -128 and 127', () => {
    const values = [-32768n, -129n, -128n, -1n, 0n, 127n, 128n, 32767n];
    const run = runOp({ op: 'clamp', bits: 16, signed: true, outBits: 8, outSigned: true }, {
      rows: 65,
      seed: 5,
      inputs: ['x'],
      override: (name, row) => values[row % values.length],
    });
    expectField(run, 'x', (v) => clamp(v.x, 8, true));
    expect(countOp({ op: 'clamp', bits: 16, signed: true, outBits: 8, outSigned: true }).compares).toBe(16);
  });
});

describe('requantization', () => {
  it('matches round half up and saturation on random parameters', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 31n - 1n }), fc.constantFrom(0n, 1n, 2n ** 31n - 1n, 2n ** 30n)),
        fc.integer({ min: 0, max: 63 }),
        fc.integer({ min: 1, max: 32 }),
        fc.boolean(),
        seed,
        (accBits, accSigned, multiplier, shift, outBits, outSigned, s) => {
          const run = runOp({ op: 'requant', accBits, accSigned, multiplier, shift, outBits, outSigned }, {
            rows: rowCount(s),
            seed: s,
            inputs: ['accumulator'],
          });
          expectField(run, 'result', (v) => clamp(requantReference(v.accumulator, multiplier, shift), outBits, outSigned));
          expectField(run, 'accumulator', (v) => v.accumulator);
          expectCountersMatch(run);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('ties round toward plus infinity', () => {
    // B = 1, C = 1: acc / 2 with acc odd is a tie. -5 / 2 = -2.5 → -2; 5 / 2 = 2.5 → 3.
    const accumulators = [-5n, -3n, -1n, 1n, 3n, 5n, -4n, 4n];
    const run = runOp({ op: 'requant', accBits: 8, accSigned: true, multiplier: 1, shift: 1, outBits: 8, outSigned: true }, {
      rows: 64,
      seed: 6,
      inputs: ['accumulator'],
      override: (name, row) => accumulators[row % accumulators.length],
    });
    const expected: Record<string, bigint> = { '-5': -2n, '-3': -1n, '-1': 0n, '1': 1n, '3': 2n, '5': 3n, '-4': -2n, '4': 2n };
    expectField(run, 'result', (v) => expected[String(v.accumulator)]);
  });

  it('saturates large products to the output range', () => {
    const run = runOp({ op: 'requant', accBits: 24, accSigned: true, multiplier: 2n ** 30n, shift: 20, outBits: 8, outSigned: false }, {
      rows: 66,
      seed: 7,
      inputs: ['accumulator'],
    });
    expectField(run, 'result', (v) => clamp(requantReference(v.accumulator, 2n ** 30n, 20), 8, false));
  });
});
