import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packPlanes, unpackPlanes } from '../../src/exec/bitplanes.js';
import { dyadicFromScale, observedRange } from '../../src/exec/dyadic.js';
import { requantizeBig } from '../../src/exec/integer.js';
import { splitDigits } from '../../src/exec/reference/digits.js';

describe('bit-planes', () => {
  it('round-trip values of any width up to 53 bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 53 }), fc.boolean(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 80 }), (bits, signed, fractions) => {
        const low = signed ? -(2 ** (bits - 1)) : 0;
        const span = signed ? 2 ** bits : 2 ** bits - 1;
        const values = fractions.map((fraction) => Math.min(low + span - (signed ? 1 : 0), low + Math.floor(fraction * span)));
        const planes = packPlanes(values.length, bits, Math.ceil(values.length / 32), (row) => values[row]);
        expect(Array.from(unpackPlanes(planes, values.length, signed))).toEqual(values);
      }),
    );
  });

  it('leave rows past the value count at 0', () => {
    const planes = packPlanes(3, 4, 2, () => -1);
    expect(Array.from(unpackPlanes(planes, 40, false)).slice(0, 5)).toEqual([15, 15, 15, 0, 0]);
  });
});

describe('dyadic parameters', () => {
  it('give a 31-bit mantissa whose ratio is the scale', () => {
    fc.assert(
      fc.property(fc.double({ min: 2 ** -30, max: 2 ** 20, noNaN: true }), (scale) => {
        const { multiplier, shift } = dyadicFromScale(scale);
        expect(multiplier >= 1n << 30n).toBe(true);
        expect(multiplier < 1n << 31n).toBe(true);
        expect(shift).toBeGreaterThanOrEqual(0);
        expect(shift).toBeLessThanOrEqual(63);
        expect(Math.abs(Number(multiplier) / 2 ** shift / scale - 1)).toBeLessThan(2 ** -29);
      }),
    );
  });

  it('clamp the shift for scales the engine cannot shift by', () => {
    expect(dyadicFromScale(2 ** -40)).toEqual({ multiplier: 1n << 23n, shift: 63 });
    expect(dyadicFromScale(2 ** 40)).toEqual({ multiplier: (1n << 31n) - 1n, shift: 0 });
  });

  it('take the range from the percentile of the magnitudes', () => {
    const values = Array.from({ length: 1000 }, (_, index) => index - 500);
    expect(observedRange(values, false)).toBe(499);
    expect(observedRange(values, true)).toBe(498);
    expect(observedRange([0, 0], false)).toBe(1);
  });
});

describe('requantization semantics', () => {
  it('round half up and clamp', () => {
    const int4 = { bits: 4, signed: true };
    expect(requantizeBig(5n, 1n, 1, int4)).toBe(3n);
    expect(requantizeBig(-5n, 1n, 1, int4)).toBe(-2n);
    expect(requantizeBig(-3n, 1n, 1, int4)).toBe(-1n);
    expect(requantizeBig(1000n, 1n, 2, int4)).toBe(7n);
    expect(requantizeBig(-1000n, 1n, 2, int4)).toBe(-8n);
    expect(requantizeBig(-7n, 3n, 0, { bits: 4, signed: false })).toBe(0n);
    expect(requantizeBig(3n, 3n, 0, { bits: 4, signed: false })).toBe(9n);
  });
});

describe('8-bit digits', () => {
  it('recombine to the value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.boolean(), fc.integer(), (bits, signed, raw) => {
        const low = signed ? -(2 ** (bits - 1)) : 0;
        const value = low + (Math.abs(raw) % 2 ** bits);
        const digits = splitDigits([value], { bits, signed });
        expect(digits.reduce((sum, digit) => sum + digit.data[0] * digit.scale, 0)).toBe(value);
        digits.forEach((digit, index) => expect(digit.type).toBe(signed && index === digits.length - 1 ? 'int8' : 'uint8'));
      }),
    );
  });
});
