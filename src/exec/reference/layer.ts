/**
 * The reference result of one layer: the ONNX graph of its integer work followed by the
 * integer rescaling in BigInt. The requantization parameters are derived on the way from the
 * layer's own data, so the engine and the cost model can be given the same ones.
 */
import { requantKey, type RequantParams } from '../../mapping/options.js';
import { averageDivisor } from '../../mapping/pooling.js';
import type { LayerPrecisionPlan, TensorFormat } from '../../mapping/precision-plan.js';
import type { ResolvedLayer } from '../../network/types.js';
import { requantizeBig, wrapSigned } from '../integer.js';
import { perChannelParams, perTensorParams, RESIDUAL_INPUT_FRACTION } from '../params.js';
import { clipBounds } from '../runners/elementwise.js';
import { poolGeometry } from '../geometry.js';
import { formatRange, type IntTensor, type Shape4 } from '../tensor.js';
import { referenceAddClamp, referenceClip, referenceRelu } from './elementwise.js';
import { referenceSums } from './gemm.js';
import { referenceMaxPool, referenceWindowSums } from './pooling.js';

export interface ReferenceInput {
  layer: ResolvedLayer;
  precision: LayerPrecisionPlan;
  /** Inputs in the formats their producers store. */
  inputs: IntTensor[];
  weights?: Int32Array;
  bias?: Float64Array;
  batch: number;
  /** Whether the layer requantizes its input itself (a fixed plan runs before its main plan). */
  requantizesInput: boolean;
}

export interface ReferenceResult {
  output: IntTensor;
  /** The input after the layer's input requantization, when it has one. */
  requantizedInput?: IntTensor;
  /** Requantization parameters by `requantKey(layer, slot)`. */
  requant: Map<string, RequantParams>;
}

/** Rescales every value with the parameters of its channel (or the single pair of a per-tensor entry). */
export function rescale(values: ArrayLike<number>, shape: Shape4, params: RequantParams, format: TensorFormat): Float64Array {
  const plane = shape[2] * shape[3];
  const result = new Float64Array(values.length);
  const multipliers = params.multipliers;
  for (let index = 0; index < values.length; index++) {
    const channel = multipliers.length === 1 ? 0 : Math.floor(index / plane) % shape[1];
    result[index] = Number(requantizeBig(BigInt(values[index]), multipliers[channel], params.shifts[channel], format));
  }
  return result;
}

function outputTensor(layer: ResolvedLayer, batch: number, format: TensorFormat, data: Float64Array): IntTensor {
  const shape = layer.outputShape;
  return { shape: [batch, shape.channels, shape.height, shape.width], format, data };
}

export async function computeReference(input: ReferenceInput): Promise<ReferenceResult> {
  const { layer, precision, batch } = input;
  const requant = new Map<string, RequantParams>();
  const out = precision.outputFormat;

  if (layer.kind === 'conv' || layer.kind === 'fc') {
    const gemm = precision.gemm!;
    let consumed = input.inputs[0];
    let requantizedInput: IntTensor | undefined;
    if (input.requantizesInput) {
      const format = precision.inputFormats[0];
      const params = perTensorParams(consumed, format);
      requant.set(requantKey(layer.name, 'input0'), params);
      requantizedInput = { shape: consumed.shape, format, data: rescale(consumed.data, consumed.shape, params, format) };
      consumed = requantizedInput;
    }
    const sums = await referenceSums(layer, consumed, input.weights!, gemm.weightBits, input.bias);
    wrapAccumulator(sums, gemm.accBits);
    const shape = outputTensor(layer, batch, out, sums).shape;
    let values = sums;
    if (gemm.requantizesOutput) {
      const params = perChannelParams(sums, shape, out);
      requant.set(requantKey(layer.name, 'output'), params);
      values = rescale(sums, shape, params, out);
    }
    if (gemm.fusedRelu && out.signed) values = await referenceRelu(values, shape);
    return { output: outputTensor(layer, batch, out, values), requantizedInput, requant };
  }

  if (layer.kind === 'add') {
    const shape = outputTensor(layer, batch, out, new Float64Array(0)).shape;
    const rescaled = input.inputs.map((tensor, index) => {
      const params = perChannelParams(tensor.data, shape, out, RESIDUAL_INPUT_FRACTION);
      requant.set(requantKey(layer.name, index === 0 ? 'input0' : 'input1'), params);
      return rescale(tensor.data, shape, params, out);
    });
    const range = formatRange(out);
    const values = await referenceAddClamp(rescaled[0], rescaled[1], shape, precision.add?.fusedRelu === true, range.min, range.max);
    return { output: outputTensor(layer, batch, out, values), requant };
  }

  const source = input.inputs[0];
  if (layer.kind === 'maxpool') return { output: outputTensor(layer, batch, out, await referenceMaxPool(layer, source)), requant };
  if (layer.kind === 'avgpool' || layer.kind === 'globalavgpool' || layer.kind === 'adaptiveavgpool') {
    const sums = await referenceWindowSums(layer, source);
    const divisor = averageDivisor(poolGeometry(layer).windowSize);
    const shape = outputTensor(layer, batch, out, sums).shape;
    return { output: outputTensor(layer, batch, out, rescale(sums, shape, { multipliers: [divisor.multiplier], shifts: [divisor.shift] }, out)), requant };
  }
  if (layer.kind === 'relu') return { output: outputTensor(layer, batch, out, await referenceRelu(source.data, [...source.shape])), requant };
  if (layer.kind === 'clip') {
    const { low, high } = clipBounds(layer, source.format);
    return { output: outputTensor(layer, batch, out, await referenceClip(source.data, [...source.shape], low, high)), requant };
  }
  throw new Error(`${layer.name}: no reference for a ${layer.kind} layer`);
}

/** Wraps sums to the accumulator width, as the engine's in-place adds do (a no-op when the width fits the sums). */
function wrapAccumulator(sums: Float64Array, accBits: number): void {
  const limit = 2 ** (accBits - 1);
  for (let index = 0; index < sums.length; index++) {
    const value = sums[index];
    if (value < -limit || value >= limit) sums[index] = Number(wrapSigned(BigInt(value), accBits));
  }
}
