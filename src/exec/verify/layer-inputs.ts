/**
 * The data a verified layer runs on: seeded random tensors, weights and biases (or those of a
 * tensor file), and, in a whole-network run, the tensors earlier layers produced.
 */
import type { LayerPrecisionPlan, PrecisionPlan, TensorFormat } from '../../mapping/precision-plan.js';
import type { ResolvedLayer, ResolvedNetwork } from '../../network/types.js';
import { SeededRandom } from '../../util/random.js';
import { randomBias, randomTensor, randomWeights } from '../data.js';
import { formatRange, reshape, type IntTensor, type Shape4 } from '../tensor.js';
import { takeTensor, type TensorFile } from '../tensor-file.js';

/** Returns a generator seeded from the run's seed and a name, so that a layer's data does not depend on which other layers run. */
export function namedRandom(seed: number, name: string): SeededRandom {
  let hash = 0x811c9dc5;
  for (let index = 0; index < name.length; index++) {
    hash ^= name.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return new SeededRandom((hash ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0);
}


/** Format in which a layer's producer stores input `index`. */
export function producerFormat(network: ResolvedNetwork, precision: PrecisionPlan, layer: ResolvedLayer, index: number): TensorFormat {
  const producer = layer.inputs[index];
  return producer === 'input' ? precision.inputFormat : precision.layers.get(producer)!.outputFormat;
}

/** Returns whether a conv or fc requantizes input 0 itself (its fixed plan), reads it already requantized by an earlier consumer, or reads it as stored. */
export function inputRequantization(plan: LayerPrecisionPlan): 'own' | 'shared' | 'none' {
  if (plan.requantizedInputs.includes(0)) return 'own';
  if (plan.sharedInputs.some((shared) => shared.index === 0)) return 'shared';
  return 'none';
}

/** Format in which a layer run on its own receives input `index`. */
export function isolatedInputFormat(network: ResolvedNetwork, precision: PrecisionPlan, layer: ResolvedLayer, index: number): TensorFormat {
  const plan = precision.layers.get(layer.name)!;
  if (plan.gemm !== undefined && index === 0 && inputRequantization(plan) !== 'own') return plan.inputFormats[0];
  return producerFormat(network, precision, layer, index);
}

function fromFile(values: number[] | undefined, shape: Shape4, format: TensorFormat): IntTensor | undefined {
  return values === undefined ? undefined : { shape, format, data: Float64Array.from(values) };
}

/** Inputs of a layer run on its own: from the tensor file, or seeded random over the whole range of their format. */
export function isolatedInputs(network: ResolvedNetwork, precision: PrecisionPlan, layer: ResolvedLayer, batch: number, seed: number, file: TensorFile | undefined): IntTensor[] {
  return layer.inputShapes.map((inputShape, index) => {
    const format = isolatedInputFormat(network, precision, layer, index);
    const shape: Shape4 = [batch, inputShape.channels, inputShape.height, inputShape.width];
    const names = index === 0 ? [`${layer.name}.input`, `${layer.name}.input0`] : [`${layer.name}.input${index}`];
    for (const name of names) {
      const fileTensor = fromFile(takeTensor(file, name, shape, formatRange(format), `Input ${index} of ${layer.name}`), shape, format);
      if (fileTensor !== undefined) return fileTensor;
    }
    return randomTensor(shape, format, namedRandom(seed, `${layer.name}#input${index}`));
  });
}

/** Returns the network input of a whole-network run, from the tensor file or seeded random. */
export function networkInput(network: ResolvedNetwork, precision: PrecisionPlan, batch: number, seed: number, file: TensorFile | undefined): IntTensor {
  const format = precision.inputFormat;
  const shape: Shape4 = [batch, network.input.channels, network.input.height, network.input.width];
  return fromFile(takeTensor(file, 'input', shape, formatRange(format), 'The network input'), shape, format) ?? randomTensor(shape, format, namedRandom(seed, 'input'));
}

/** Weights (C_out × K) and bias of a conv or fc layer. */
export function layerWeights(layer: ResolvedLayer, plan: LayerPrecisionPlan, seed: number, file: TensorFile | undefined): { weights: Int32Array; bias?: Float64Array } {
  const gemm = plan.gemm!;
  const input = layer.inputShapes[0];
  const outChannels = layer.outputShape.channels;
  const terms = layer.kind === 'conv' ? (input.channels / layer.groups) * layer.kernel[0] * layer.kernel[1] : input.channels * input.height * input.width;
  const weightShape = layer.kind === 'conv' ? [outChannels, input.channels / layer.groups, layer.kernel[0], layer.kernel[1]] : [outChannels, terms];
  const qmax = 2 ** (gemm.weightBits - 1) - 1;
  const fileWeights = takeTensor(file, `${layer.name}.weight`, weightShape, { min: -qmax - 1, max: qmax }, `The weight of ${layer.name}`);
  const weights = fileWeights !== undefined ? Int32Array.from(fileWeights) : randomWeights(outChannels * terms, gemm.weightBits, namedRandom(seed, `${layer.name}#weight`));

  const hasBias = (layer.kind === 'conv' || layer.kind === 'fc') && layer.bias;
  if (!hasBias) return { weights };
  const limit = 2 ** (gemm.actBits + gemm.weightBits - 1);
  const fileBias = takeTensor(file, `${layer.name}.bias`, [outChannels], { min: -limit, max: limit }, `The bias of ${layer.name}`);
  const bias = fileBias !== undefined ? Float64Array.from(fileBias) : randomBias(outChannels, gemm.actBits, gemm.weightBits, namedRandom(seed, `${layer.name}#bias`));
  return { weights, bias };
}

/**
 * Returns the output of a layer that does no work of its own in a whole-network run. A folded
 * batch norm or a fused ReLU passes its producer's tensor on, because the producer already
 * applied it. Flatten and an identity pool reshape, and concat stacks channels.
 */
export function passThrough(layer: ResolvedLayer, plan: LayerPrecisionPlan, inputs: IntTensor[], batch: number): IntTensor {
  const shape = layer.outputShape;
  const outShape: Shape4 = [batch, shape.channels, shape.height, shape.width];
  if (layer.kind === 'concat') {
    const data = new Float64Array(outShape[0] * outShape[1] * outShape[2] * outShape[3]);
    const plane = shape.height * shape.width;
    let offset = 0;
    for (let image = 0; image < batch; image++) {
      for (const input of inputs) {
        const size = input.shape[1] * plane;
        data.set(input.data.subarray(image * size, (image + 1) * size), offset);
        offset += size;
      }
    }
    return { shape: outShape, format: plan.outputFormat, data };
  }
  return { ...reshape(inputs[0], outShape), format: plan.outputFormat };
}
