/**
 * Reference integer sums of conv and fc layers on onnxruntime: ConvInteger (conv) and
 * MatMulInteger (fc) on 8-bit digits of the operands, combined as Σ 256^(i+j) · partial, plus
 * the bias. Padding contributes 0, as ConvInteger pads with the (zero) zero point.
 */
import type { TensorFormat } from '../../mapping/precision-plan.js';
import type { ResolvedLayer } from '../../network/types.js';
import type { IntTensor } from '../tensor.js';
import { splitDigits, type DigitTensor } from './digits.js';
import { runGraph, type GraphNode } from './onnx-graph.js';

/** Largest reduction length whose 8-bit digit sums (at most 255 · 255 each) fit the int32 output of ConvInteger. */
export const MAX_DIGIT_TERMS = Math.floor((2 ** 31 - 1) / (255 * 255));

/**
 * Returns Σ x·w (+ bias) of every output, in NCHW order for the batch, as exact integers.
 * Throws when a sum could exceed 2^53 (float64 exactness) or K exceeds `MAX_DIGIT_TERMS`.
 */
export async function referenceSums(layer: ResolvedLayer, input: IntTensor, weights: Int32Array, weightBits: number, bias: Float64Array | undefined): Promise<Float64Array> {
  const [batch] = input.shape;
  const terms = weights.length / (layer.kind === 'conv' ? layer.outputShape.channels : layer.kind === 'fc' ? layer.outFeatures : 1);
  if (terms > MAX_DIGIT_TERMS) throw new Error(`${layer.name}: K = ${terms} exceeds ${MAX_DIGIT_TERMS}, the most ConvInteger/MatMulInteger can sum without int32 overflow`);
  if (Math.log2(terms) + input.format.bits + weightBits > 53) throw new Error(`${layer.name}: sums of ${input.format.bits}×${weightBits}-bit products over ${terms} terms may exceed 2^53`);

  const weightFormat: TensorFormat = { bits: weightBits, signed: true };
  const xDigits = splitDigits(input.data, input.format);
  const wDigits = splitDigits(weights, weightFormat);
  let total: Float64Array | undefined;
  for (const x of xDigits) {
    for (const w of wDigits) {
      const partial = layer.kind === 'conv' ? await convDigits(layer, input, x, w) : await matmulDigits(layer, batch, terms, x, w);
      const scale = x.scale * w.scale;
      if (total === undefined) total = new Float64Array(partial.length);
      for (let index = 0; index < partial.length; index++) total[index] += partial[index] * scale;
    }
  }
  const sums = total!;
  if (bias !== undefined) {
    const out = layer.outputShape;
    const plane = out.height * out.width;
    for (let index = 0; index < sums.length; index++) sums[index] += bias[Math.floor(index / plane) % out.channels];
  }
  return sums;
}

async function convDigits(layer: ResolvedLayer, input: IntTensor, x: DigitTensor, w: DigitTensor): Promise<Float64Array> {
  if (layer.kind !== 'conv') throw new Error('convDigits needs a conv layer');
  const [batch, channels, height, width] = input.shape;
  const node: GraphNode = {
    op: 'ConvInteger',
    inputs: ['x', 'w'],
    output: 'y',
    attributes: { kernel_shape: layer.kernel, strides: layer.stride, pads: layer.padding, dilations: layer.dilation, group: layer.groups },
  };
  const { values } = await runGraph(
    [node],
    [
      { name: 'x', type: x.type, dims: [batch, channels, height, width], data: x.data },
      { name: 'w', type: w.type, dims: [layer.outputShape.channels, channels / layer.groups, layer.kernel[0], layer.kernel[1]], data: w.data },
    ],
    { name: 'y', type: 'int32' },
  );
  return values;
}

async function matmulDigits(layer: ResolvedLayer, batch: number, terms: number, x: DigitTensor, w: DigitTensor): Promise<Float64Array> {
  if (layer.kind !== 'fc') throw new Error('matmulDigits needs an fc layer');
  const outputs = layer.outFeatures;
  // MatMulInteger takes B as K × M; the weights are stored M × K.
  const transposed = w.type === 'int8' ? new Int8Array(terms * outputs) : new Uint8Array(terms * outputs);
  for (let out = 0; out < outputs; out++) for (let term = 0; term < terms; term++) transposed[term * outputs + out] = w.data[out * terms + term];
  const { values } = await runGraph(
    [{ op: 'MatMulInteger', inputs: ['a', 'b'], output: 'y' }],
    [
      { name: 'a', type: x.type, dims: [batch, terms], data: x.data },
      { name: 'b', type: w.type, dims: [terms, outputs], data: transposed },
    ],
    { name: 'y', type: 'int32' },
  );
  return values;
}
