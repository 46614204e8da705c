/**
 * Saturating clamp and HAWQ-V3 dyadic requantization.
 */
import { fieldColumns, fieldsOverlap, signColumn, sliceField, type Field } from '../field.js';
import type { Bit, MicrocodeSink } from '../instructions.js';
import { emitRules } from '../rules.js';
import { isInField } from './arith.js';
import { constantBits } from './basic.js';
import { bitLength, emitMultiplyConstant } from './multiply.js';
import { CARRY_ADD } from './tables.js';

/** Returns the range of an m-bit output: [−2^(m−1), 2^(m−1) − 1] when signed, else [0, 2^m − 1]. */
export function outputRange(bits: number, signed: boolean): { min: bigint; max: bigint } {
  return signed ? { min: -(1n << BigInt(bits - 1)), max: (1n << BigInt(bits - 1)) - 1n } : { min: 0n, max: (1n << BigInt(bits)) - 1n };
}

export interface ClampOptions {
  /** Clamped in place; it keeps its width and signedness. */
  field: Field;
  /** Width of the output range. */
  bits: number;
  /** Output range signed [−2^(bits−1), 2^(bits−1) − 1] or unsigned [0, 2^bits − 1]. */
  signed: boolean;
}

/**
 * field ← min(max(field, min), max) in place. Afterwards the whole field contains the clamped
 * value, so its low `bits` columns contain the output in the output's own encoding.
 *
 * A value is above the range when its sign is 0 and one of its bits from position p up is 1
 * (p = bits − 1 for a signed output, bits for an unsigned one): one pass per such bit, each
 * writing the maximum into every column of the field. A signed value is below a signed range
 * when its sign is 1 and one of bits bits − 1 .. top − 1 is 0 (one pass per bit, writing the
 * minimum), and below an unsigned range whenever its sign is 1 (one pass writing 0). A pass
 * never re-matches a row another pass wrote, because the written values lie inside the range.
 */
export function emitClamp(sink: MicrocodeSink, options: ClampOptions): void {
  const { field, bits, signed } = options;
  const { min, max } = outputRange(bits, signed);
  const columns = fieldColumns(field);
  const maxBits = constantBits(max, field.bits);
  const minBits = constantBits(min, field.bits);
  const top = field.bits - 1;
  const valueTop = field.signed ? top - 1 : top;

  for (let bit = signed ? bits - 1 : bits; bit <= valueTop; bit++) {
    if (field.signed) sink.compare([signColumn(field), field.offset + bit], [0, 1]);
    else sink.compare([field.offset + bit], [1]);
    sink.write(columns, maxBits);
  }

  if (!field.signed) return;
  if (!signed) {
    sink.compare([signColumn(field)], [1]);
    sink.write(columns, minBits);
    return;
  }
  for (let bit = bits - 1; bit <= valueTop; bit++) {
    sink.compare([signColumn(field), field.offset + bit], [1, 0]);
    sink.write(columns, minBits);
  }
}

export interface RequantizeOptions {
  /** The accumulator, read only. */
  accumulator: Field;
  /** Integer mantissa B, 0 ≤ B < 2^31. */
  multiplier: bigint;
  /** Shift C, 0 .. 63. */
  shift: number;
  /** Output width b. */
  bits: number;
  /** Output range signed [−2^(b−1), 2^(b−1) − 1] or unsigned [0, 2^b − 1]. */
  signed: boolean;
  /** Scratch, at least `requantProductBits(...)` wide. */
  product: Field;
  carry: number;
}

/**
 * Width of the scratch product of `emitRequantize`: large enough for acc · B exactly, for the
 * rounding increment, and for a b-bit view starting at bit C.
 */
export function requantProductBits(accumulatorBits: number, accumulatorSigned: boolean, multiplier: bigint, shift: number, bits: number): number {
  return Math.max(accumulatorBits + bitLength(multiplier) + (accumulatorSigned ? 1 : 2), shift + bits);
}

/**
 * q = clamp(round(acc · B / 2^C), lo, hi) with round half up: q = floor((acc · B + 2^(C−1)) / 2^C),
 * so a tie rounds toward +∞ (−2.5 → −2, 2.5 → 3). Returns the b-bit field that contains q: a
 * view into the product starting at bit C.
 *
 * Steps: product ← acc · B (multiply by constant); for C ≥ 1, since
 * floor((v + 2^(C−1)) / 2^C) = floor(v / 2^C) + bit C−1 of v, an increment of the view
 * product[C ..] whose carry-in column is product bit C − 1 itself (2 passes per view bit); then an
 * in-place clamp of the view to the output range.
 */
export function emitRequantize(sink: MicrocodeSink, options: RequantizeOptions): Field {
  const { accumulator, multiplier, shift, bits, signed, carry } = options;
  if (multiplier < 0n || multiplier >= 1n << 31n) throw new RangeError(`requantize: multiplier ${multiplier} must lie in 0 .. 2^31 − 1`);
  if (!Number.isInteger(shift) || shift < 0 || shift > 63) throw new RangeError(`requantize: shift ${shift} must be an integer from 0 to 63`);
  const needed = requantProductBits(accumulator.bits, accumulator.signed, multiplier, shift, bits);
  if (options.product.bits < needed) throw new RangeError(`requantize: the product field has ${options.product.bits} bits but needs ${needed}`);
  if (fieldsOverlap(options.product, accumulator) || isInField(carry, options.product)) throw new RangeError('requantize: operands overlap');

  const product = { ...options.product, signed: accumulator.signed };
  if (multiplier === 0n) {
    const columns = fieldColumns(product);
    sink.writeAll(columns, columns.map(() => 0 as Bit));
  } else {
    emitMultiplyConstant(sink, { source: accumulator, constant: multiplier, product, carry });
  }

  const view = sliceField(product, shift);
  // NOTE: the increment walks the whole view (W_P − C bits, 2 passes each) so that the clamp reads
  // the exact sum. Clamping to b + 1 bits first would take fewer passes but is not implemented.
  if (shift >= 1) {
    const roundBit = product.offset + shift - 1;
    for (let bit = 0; bit < view.bits; bit++) emitRules(sink, CARRY_ADD, { c: roundBit, b: view.offset + bit });
  }

  emitClamp(sink, { field: view, bits, signed });
  return { offset: view.offset, bits, signed };
}
