/**
 * Splitting integers wider than 8 bits into base-256 digits, so that ConvInteger and
 * MatMulInteger (8-bit operands, int32 sums) compute exact sums of wider products:
 * Σ x·w = Σ_i Σ_j 256^(i+j) · Σ x_i·w_j. Lower digits are unsigned; the top digit carries the
 * sign of a signed value.
 */
import type { TensorFormat } from '../../mapping/precision-plan.js';

export interface DigitTensor {
  type: 'int8' | 'uint8';
  data: Int8Array | Uint8Array;
  /** Weight of the digit: 256^index. */
  scale: number;
}

export function digitCount(bits: number): number {
  return Math.max(1, Math.ceil(bits / 8));
}

/** Returns the base-256 digits of every value. */
export function splitDigits(values: ArrayLike<number>, format: TensorFormat): DigitTensor[] {
  const count = digitCount(format.bits);
  const digits: DigitTensor[] = [];
  for (let index = 0; index < count; index++) {
    const top = index === count - 1;
    const signed = top && format.signed;
    const data = signed ? new Int8Array(values.length) : new Uint8Array(values.length);
    const scale = 256 ** index;
    for (let element = 0; element < values.length; element++) {
      const shifted = Math.floor(values[element] / scale);
      data[element] = top ? shifted : shifted - 256 * Math.floor(shifted / 256);
    }
    digits.push({ type: signed ? 'int8' : 'uint8', data, scale });
  }
  return digits;
}
