import { describe, expect, it } from 'vitest';
import { parseQuantity, type QuantityDimension } from '../../src/arch/index.js';

describe('parseQuantity', () => {
  it.each([
    ['0.9 fJ', 'energy', 9e-16],
    ['0.115 fJ', 'energy', 1.15e-16],
    ['1 pJ', 'energy', 1e-12],
    ['361.6 ps', 'time', 3.616e-10],
    ['10 ns', 'time', 1e-8],
    ['1 GHz', 'frequency', 1e9],
    ['0.8 V', 'voltage', 0.8],
    ['10 uW', 'power', 1e-5],
    ['100 pW', 'power', 1e-10],
    ['90 nm', 'length', 9e-8],
    ['0.18 um', 'length', 1.8e-7],
    ['128 bit', 'bits', 128],
    ['16 B', 'bits', 128],
    ['25.6 GB/s', 'bitRate', 2.048e11],
    [512, 'count', 512],
    ['512', 'count', 512],
    [1.3, 'ratio', 1.3],
  ] as [unknown, QuantityDimension, number][])('reads %j as %s %s in SI', (input, dimension, expected) => {
    const result = parseQuantity(input, dimension);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.si).toBe(expected);
  });

  it('rejects a bare number for an energy', () => {
    const result = parseQuantity(0.9, 'energy');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('a bare number has no unit');
  });

  it('rejects an unknown unit', () => {
    const result = parseQuantity('0.9 fJJ', 'energy');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('Unit "fJJ" not found');
  });

  it('names the dimension of a wrong unit', () => {
    const result = parseQuantity('0.9 V', 'energy');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toBe('"0.9 V" is a voltage, but this field is an energy; write it in J with a prefix, such as "0.9 fJ"');
  });

  it('rejects a negative value', () => {
    const result = parseQuantity('-3 fJ', 'energy');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('must not be negative');
  });

  it('rejects zero when positive is required', () => {
    const result = parseQuantity(0, 'count', { positive: true });
    expect(result.ok).toBe(false);
  });

  it('rejects a fraction when a whole number is required', () => {
    const result = parseQuantity(2.5, 'count', { integer: true });
    expect(result.ok).toBe(false);
  });

  it('rejects a unit on a count', () => {
    const result = parseQuantity('512 rows', 'count');
    expect(result.ok).toBe(false);
  });
});
