/**
 * Requantization parameters derived from the data a layer receives, in the form the mapper takes
 * (`MappingOptions.requant`), so that the engine and the cost model use the same (B, C).
 */
import type { RequantParams } from '../mapping/options.js';
import type { TensorFormat } from '../mapping/precision-plan.js';
import { dyadicForRange, observedRange, toRequantParams, type Dyadic } from './dyadic.js';
import type { IntTensor } from './tensor.js';

/** Returns the values of one channel of an NCHW tensor. */
export function channelValues(values: ArrayLike<number>, shape: readonly number[], channel: number): number[] {
  const [batch, channels, height, width] = shape;
  const plane = height * width;
  const result: number[] = [];
  for (let image = 0; image < batch; image++) {
    const base = (image * channels + channel) * plane;
    for (let index = 0; index < plane; index++) result.push(values[base + index]);
  }
  return result;
}

/**
 * Per-channel parameters that map the observed range of each channel of `values` onto
 * `fraction` of the largest code of `target`.
 */
export function perChannelParams(values: ArrayLike<number>, shape: readonly number[], target: TensorFormat, fraction = 1): RequantParams {
  const entries: Dyadic[] = [];
  for (let channel = 0; channel < shape[1]; channel++) {
    entries.push(dyadicForRange(observedRange(channelValues(values, shape, channel), !target.signed), target, fraction));
  }
  return toRequantParams(entries);
}

/** One parameter pair for a whole tensor (the input requantization is per tensor). */
export function perTensorParams(tensor: IntTensor, target: TensorFormat): RequantParams {
  return toRequantParams([dyadicForRange(observedRange(tensor.data, !target.signed), target)]);
}

/**
 * Each input of a residual add is rescaled so that its observed range covers half of the
 * output range, so that the sum of the two stays inside it apart from the outliers.
 */
export const RESIDUAL_INPUT_FRACTION = 0.5;
