/**
 * Seeded synthetic data: input tensors, quantized weights and biases. The same seed gives the
 * same values on every machine (`SeededRandom` is mulberry32).
 */
import type { TensorFormat } from '../mapping/precision-plan.js';
import { SeededRandom } from '../util/random.js';
import { createTensor, formatRange, type IntTensor, type Shape4 } from './tensor.js';

/** Returns a tensor of values drawn uniformly from the whole range of its format. */
export function randomTensor(shape: Shape4, format: TensorFormat, random: SeededRandom): IntTensor {
  const tensor = createTensor(shape, format);
  const { min, max } = formatRange(format);
  for (let index = 0; index < tensor.data.length; index++) tensor.data[index] = randomInteger(random, min, max);
  return tensor;
}

/** Returns an integer in [min, max], exact for ranges up to 2^53. */
function randomInteger(random: SeededRandom, min: number, max: number): number {
  const span = max - min + 1;
  if (span <= 2 ** 32) return min + Math.floor(random.nextFloat() * span);
  const high = Math.floor(random.nextFloat() * Math.ceil(span / 2 ** 32));
  return Math.min(max, min + high * 2 ** 32 + random.nextUint32());
}

/**
 * Returns `count` signed `bits`-bit weight codes drawn from round(N(0, σ²)) clipped to
 * [−qmax, qmax], qmax = 2^(bits−1) − 1, σ = qmax / 3: the default weight model of the mapper
 * (trained weights are bell-shaped and a per-channel scale maps the largest one to qmax).
 * A 1-bit weight is 0 or −1.
 */
export function randomWeights(count: number, bits: number, random: SeededRandom): Int32Array {
  const weights = new Int32Array(count);
  const qmax = 2 ** (bits - 1) - 1;
  if (qmax === 0) {
    for (let index = 0; index < count; index++) weights[index] = random.nextFloat() < 0.5 ? -1 : 0;
    return weights;
  }
  const sigma = qmax / 3;
  for (let index = 0; index < count; index++) {
    const value = Math.round(gaussian(random) * sigma);
    weights[index] = Math.max(-qmax, Math.min(qmax, value));
  }
  return weights;
}

/** Returns a standard normal sample (Box–Muller). */
function gaussian(random: SeededRandom): number {
  const u = 1 - random.nextFloat();
  const v = random.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Returns one bias per output channel, uniform in ±2^(actBits + weightBits − 2): the size of a
 * single product, which the accumulator's extra bias bit has room for.
 */
export function randomBias(channels: number, actBits: number, weightBits: number, random: SeededRandom): Float64Array {
  const bias = new Float64Array(channels);
  const limit = 2 ** (actBits + weightBits - 2);
  for (let channel = 0; channel < channels; channel++) bias[channel] = randomInteger(random, -limit, limit);
  return bias;
}
