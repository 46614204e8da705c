import { countOp, emptyCount, type OpCount } from '../ap/count.js';
import type { OpSpec } from '../ap/spec.js';
import { requantProductBits } from '../ap/ops/requant.js';
import type { RequantParams } from './options.js';
import { SeededRandom } from '../util/random.js';
import { weightDistribution, type WeightModel } from './weight-model.js';

/** An all-zero count, the cost of a step that issues nothing. */
export const ZERO_COUNT: Readonly<OpCount> = Object.freeze(emptyCount());

type CountField = keyof OpCount;
const COUNT_FIELDS = Object.keys(ZERO_COUNT) as CountField[];

/** Returns Σ weight_i · count_i over the given counts. */
export function weightedSum(terms: { count: Readonly<OpCount>; weight: number }[]): OpCount {
  const total = { ...ZERO_COUNT };
  for (const { count, weight } of terms) {
    for (const field of COUNT_FIELDS) total[field] += count[field] * weight;
  }
  return total;
}

/** Returns the sum of counts. */
export function addCounts(...counts: Readonly<OpCount>[]): OpCount {
  return weightedSum(counts.map((count) => ({ count, weight: 1 })));
}

/** Returns the count of pure data movement: column writes or reads of external data, one cycle each. */
export function columnTransferCount(columnWrites: number, columnReads: number): OpCount {
  return {
    ...ZERO_COUNT,
    columnWrites,
    columnReads,
    cycles: columnWrites + columnReads,
    instructions: columnWrites + columnReads,
  };
}

export interface MacConstShape {
  xBits: number;
  xSigned: boolean;
  weightBits: number;
  accBits: number;
}

/** Expected cost of one broadcast weight: the count of acc ← acc + x·w and P(w ≠ 0). */
export interface ExpectedWeightCost {
  count: Readonly<OpCount>;
  nonzeroProbability: number;
}

const macConstCache = new Map<string, ExpectedWeightCost>();

/**
 * Returns the expectation of `countOp(macConst)` over the weight model: the average cost of
 * multiplying an activation by one broadcast weight and accumulating it. Zero weights cost
 * nothing (the mapper skips them), which the expectation includes.
 */
export function expectedMacConstCount(shape: MacConstShape, model: WeightModel): ExpectedWeightCost {
  const key = `${shape.xBits}|${shape.xSigned}|${shape.weightBits}|${shape.accBits}|${JSON.stringify(model)}`;
  const cached = macConstCache.get(key);
  if (cached) return cached;

  const terms: { count: Readonly<OpCount>; weight: number }[] = [];
  let nonzeroProbability = 0;
  for (const point of weightDistribution(shape.weightBits, model)) {
    if (point.value === 0) continue;
    nonzeroProbability += point.probability;
    terms.push({ count: macConstCount(shape, point.value), weight: point.probability });
  }

  const result = { count: Object.freeze(weightedSum(terms)), nonzeroProbability };
  macConstCache.set(key, result);
  return result;
}

/** Returns the exact count of acc ← acc + x·w for one weight (zero for w = 0). */
export function macConstCount(shape: MacConstShape, weight: number | bigint): Readonly<OpCount> {
  if (BigInt(weight) === 0n) return ZERO_COUNT;
  return countOp({ op: 'macConst', xBits: shape.xBits, xSigned: shape.xSigned, constant: BigInt(weight), accBits: shape.accBits });
}

export interface RequantShape {
  accBits: number;
  /** Whether the requantized field is two's complement (default true, as an accumulator is). */
  accSigned?: boolean;
  outBits: number;
  outSigned: boolean;
}

/** Number of random mantissas the expected requantization cost averages over. */
const REQUANT_SAMPLES = 32;
const requantCache = new Map<string, Readonly<OpCount>>();

/**
 * Returns the expected count of one dyadic requantization q = clamp(round(acc · B / 2^C)) when
 * the per-channel mantissa B is not known. B is HAWQ-V3's 31-bit mantissa round(m · 2^31) with
 * m in [0.5, 1), so its top bit is set and its other bits behave like fair coins. The estimate
 * averages 32 such mantissas drawn with a fixed seed.
 * NOTE: the shift C is taken as 30 + accBits − outBits, which maps the accumulator's full range
 * onto the output range. Real shifts depend on the observed ranges and change the count little.
 */
export function expectedRequantCount(shape: RequantShape): Readonly<OpCount> {
  const key = `${shape.accBits}|${shape.accSigned ?? true}|${shape.outBits}|${shape.outSigned}`;
  const cached = requantCache.get(key);
  if (cached) return cached;

  const random = new SeededRandom(0x5eed + shape.accBits * 97 + shape.outBits);
  const shift = Math.min(63, 30 + shape.accBits - shape.outBits);
  const terms: { count: Readonly<OpCount>; weight: number }[] = [];
  for (let i = 0; i < REQUANT_SAMPLES; i++) {
    const multiplier = (1n << 30n) | BigInt(random.nextUint32() & 0x3fffffff);
    terms.push({ count: requantCount(shape, multiplier, shift), weight: 1 / REQUANT_SAMPLES });
  }

  const expected = Object.freeze(weightedSum(terms));
  requantCache.set(key, expected);
  return expected;
}

/** Returns the exact count of one requantization with a known mantissa and shift. */
export function requantCount(shape: RequantShape, multiplier: bigint, shift: number): Readonly<OpCount> {
  const spec: OpSpec = {
    op: 'requant',
    accBits: shape.accBits,
    accSigned: shape.accSigned ?? true,
    multiplier,
    shift,
    outBits: shape.outBits,
    outSigned: shape.outSigned,
  };
  return countOp(spec);
}

/**
 * Columns a requantization needs next to its input: the scratch product, exactly as wide as
 * `countOp` of the requantization lays it out, plus a carry column. With known parameters it is
 * the widest over their channels; otherwise it assumes a 31-bit mantissa and the shift of
 * `expectedRequantCount`.
 */
export function requantScratchColumns(shape: RequantShape, known?: RequantParams): number {
  const accSigned = shape.accSigned ?? true;
  if (known === undefined || known.multipliers.length === 0) {
    const shift = Math.min(63, 30 + shape.accBits - shape.outBits);
    return requantProductBits(shape.accBits, accSigned, (1n << 31n) - 1n, shift, shape.outBits) + 1;
  }
  let widest = 0;
  known.multipliers.forEach((multiplier, index) => {
    widest = Math.max(widest, requantProductBits(shape.accBits, accSigned, multiplier, known.shifts[index], shape.outBits));
  });
  return widest + 1;
}
