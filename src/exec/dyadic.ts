/**
 * Dyadic requantization parameters (q = clamp(round(x · B / 2^C))) derived from observed data,
 * for runs that have no trained scales.
 */
import type { RequantParams } from '../mapping/options.js';
import type { TensorFormat } from '../mapping/precision-plan.js';
import { formatRange } from './tensor.js';

export interface Dyadic {
  multiplier: bigint;
  shift: number;
}

const MANTISSA_BITS = 31;
const MAX_SHIFT = 63;

/**
 * Returns the dyadic form of a positive scale as HAWQ-V3's `batch_frexp` (quant_utils.py,
 * max_bit = 31) builds it: scale = m · 2^e with m in [0.5, 1), B = round(m · 2^31) (half up),
 * C = 31 − e. B then has 31 significant bits. A C outside 0..63, which the engine cannot
 * shift by, is clamped and B rescaled to keep B / 2^C as close to the scale as possible.
 */
export function dyadicFromScale(scale: number): Dyadic {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`a requantization scale must be positive and finite, got ${scale}`);
  let exponent = Math.floor(Math.log2(scale)) + 1;
  // Math.log2 can be off by one ulp at exact powers of two; fix the exponent so that m is in [0.5, 1).
  if (scale / 2 ** exponent >= 1) exponent++;
  if (scale / 2 ** exponent < 0.5) exponent--;
  let multiplier = Math.floor((scale / 2 ** exponent) * 2 ** MANTISSA_BITS + 0.5);
  if (multiplier === 2 ** MANTISSA_BITS) {
    multiplier /= 2;
    exponent++;
  }
  let shift = MANTISSA_BITS - exponent;
  if (shift > MAX_SHIFT) {
    multiplier = Math.floor(scale * 2 ** MAX_SHIFT + 0.5);
    shift = MAX_SHIFT;
  } else if (shift < 0) {
    multiplier = Math.min(2 ** MANTISSA_BITS - 1, Math.floor(scale + 0.5));
    shift = 0;
  }
  return { multiplier: BigInt(multiplier), shift };
}

/**
 * Percentile of the magnitudes that the derived scale maps onto the largest output code. About
 * 0.1% of the values then saturate, which exercises the clamp without clipping most of the data.
 */
export const RANGE_PERCENTILE = 0.999;

/**
 * Returns the magnitude at `percentile` of the values, counting only non-negative values when
 * the target is unsigned (negative ones clamp to 0 whatever the scale). At least 1.
 */
export function observedRange(values: ArrayLike<number>, unsignedTarget: boolean, percentile = RANGE_PERCENTILE): number {
  const magnitudes: number[] = [];
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (unsignedTarget) magnitudes.push(Math.max(0, value));
    else magnitudes.push(Math.abs(value));
  }
  if (magnitudes.length === 0) return 1;
  magnitudes.sort((a, b) => a - b);
  const position = Math.min(magnitudes.length - 1, Math.ceil(percentile * magnitudes.length) - 1);
  return Math.max(1, magnitudes[Math.max(0, position)]);
}

/**
 * Returns the dyadic parameters that map `range` (an observed magnitude) onto `fraction` of the
 * largest code of `target`.
 */
export function dyadicForRange(range: number, target: TensorFormat, fraction = 1): Dyadic {
  const { max } = formatRange(target);
  return dyadicFromScale((max * fraction) / range);
}

/** Collects per-channel dyadic parameters into the mapper's `RequantParams`. */
export function toRequantParams(entries: readonly Dyadic[]): RequantParams {
  return { multipliers: entries.map((entry) => entry.multiplier), shifts: entries.map((entry) => entry.shift) };
}
