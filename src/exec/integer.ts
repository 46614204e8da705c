/**
 * The integer semantics the engine executes, written in BigInt for the reference: dyadic
 * requantization, clamping and accumulator wrap-around.
 */
import type { TensorFormat } from '../mapping/precision-plan.js';

/** Returns the range of a format as BigInts. */
export function bigRange(format: TensorFormat): { min: bigint; max: bigint } {
  const bits = BigInt(format.bits);
  return format.signed ? { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n } : { min: 0n, max: (1n << bits) - 1n };
}

export function clampBig(value: bigint, format: TensorFormat): bigint {
  const { min, max } = bigRange(format);
  if (value < min) return min;
  if (value > max) return max;
  return value;
}

/**
 * Dyadic requantization as `emitRequantize` computes it: q = clamp(floor((x·B + 2^(C−1)) / 2^C))
 * for C ≥ 1 (round half up, so a tie goes toward +∞) and q = clamp(x·B) for C = 0.
 */
export function requantizeBig(value: bigint, multiplier: bigint, shift: number, format: TensorFormat): bigint {
  const product = value * multiplier;
  const rounded = shift === 0 ? product : (product + (1n << BigInt(shift - 1))) >> BigInt(shift);
  return clampBig(rounded, format);
}

/** Returns `value` modulo 2^bits read as two's complement (the wrap of an in-place add). */
export function wrapSigned(value: bigint, bits: number): bigint {
  return BigInt.asIntN(bits, value);
}
