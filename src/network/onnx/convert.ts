/**
 * Converters from ONNX ops to bitfluid layers, one per supported op type. Each reads the node's
 * attributes and constant inputs (weights contribute only their dims) and adds at most one
 * layer through the `ImportContext`.
 */
import { DEFAULT_BATCHNORM_EPSILON } from '../format.js';
import type { Pair } from '../types.js';
import { NodeAttributes } from './attributes.js';
import { constantFromAttribute, readConstantValues, type ConstantTensor } from './constants.js';
import type { FeatureTensor, ImportContext } from './context.js';
import type { NodeProto } from './protobuf.js';
import { ConversionError, readPadding, toPairAttribute } from './windows.js';

type Converter = (node: NodeProto, index: number, context: ImportContext) => void;

/** Largest float32; exporters write it (or its negative) for an absent Clip bound. */
const FLOAT32_MAX = 3.4028234663852886e38;

function requireRank4(input: FeatureTensor, opType: string): void {
  if (input.rank !== 4) {
    throw new ConversionError(`${opType} needs a 4-D N×C×H×W input, but its input is a flat N×${input.shape.channels} tensor.`);
  }
}

function kernelAttribute(attributes: NodeAttributes, fallback?: number[]): Pair {
  const values = attributes.ints('kernel_shape', fallback ?? []);
  if (values.length === 0) throw new ConversionError('attribute kernel_shape is missing.');
  return toPairAttribute(values, 'kernel_shape');
}

function formatDims(dims: number[]): string {
  return `[${dims.join(', ')}]`;
}

const convert: Record<string, Converter> = {
  Conv(node, index, context) {
    const input = context.feature(node, index, 0);
    requireRank4(input, 'Conv');
    const weight = context.constant(node, index, 1, 'weight');
    if (weight.dims.length !== 4) {
      throw new ConversionError(`the weight has dims ${formatDims(weight.dims)}; bitfluid supports 2-D convolutions, whose weights have 4 dims [M, C/group, kH, kW].`);
    }

    const [outChannels, inChannelsPerGroup, kernelHeight, kernelWidth] = weight.dims;
    const attributes = new NodeAttributes(node);
    const kernel = kernelAttribute(attributes, [kernelHeight, kernelWidth]);
    if (kernel[0] !== kernelHeight || kernel[1] !== kernelWidth) {
      throw new ConversionError(`attribute kernel_shape ${formatDims(kernel)} differs from the weight's kernel ${formatDims([kernelHeight, kernelWidth])}.`);
    }

    const groups = attributes.int('group', 1);
    if (inChannelsPerGroup * groups !== input.shape.channels) {
      throw new ConversionError(
        `the weight ${formatDims(weight.dims)} with group ${groups} expects ${inChannelsPerGroup * groups} input channels, but the input has ${input.shape.channels}.`,
      );
    }

    const stride = toPairAttribute(attributes.ints('strides', [1, 1]), 'strides');
    const dilation = toPairAttribute(attributes.ints('dilations', [1, 1]), 'dilations');
    const padding = readPadding(attributes, kernel, stride, dilation, input.shape);
    const bias = context.optionalConstant(node, index, 2) !== undefined;
    context.addLayer(node, index, { kind: 'conv', outChannels, kernel, stride, padding, dilation, groups, bias }, [input], 4);
  },

  Gemm(node, index, context) {
    const input = context.feature(node, index, 0);
    const attributes = new NodeAttributes(node);
    if (attributes.int('transA', 0) !== 0) {
      throw new ConversionError('transA = 1 is not supported; bitfluid reads Gemm as a fully connected layer Y = X·Bᵀ + C or X·B + C.');
    }

    const weight = context.constant(node, index, 1, 'weight B');
    if (weight.dims.length !== 2) throw new ConversionError(`the weight B has dims ${formatDims(weight.dims)}; expected 2 dims.`);

    const transposed = attributes.int('transB', 0) !== 0;
    const [inFeatures, outFeatures] = transposed ? [weight.dims[1], weight.dims[0]] : [weight.dims[0], weight.dims[1]];
    checkFeatureCount(input, inFeatures, weight);

    const bias = context.optionalConstant(node, index, 2) !== undefined && attributes.float('beta', 1) !== 0;
    context.addLayer(node, index, { kind: 'fc', outFeatures, bias }, [input], 2);
  },

  MatMul(node, index, context) {
    const input = context.feature(node, index, 0);
    const weight = context.constants.get(node.input?.[1] ?? '');
    if (weight === undefined || weight.dims.length !== 2) {
      throw new ConversionError('MatMul is supported only with a constant 2-D weight [in, out] as its second input.');
    }
    if (input.rank !== 2) throw new ConversionError('MatMul needs a flat N×F input; insert a Flatten before it.');

    checkFeatureCount(input, weight.dims[0], weight);
    context.addLayer(node, index, { kind: 'fc', outFeatures: weight.dims[1], bias: false }, [input], 2);
  },

  Add(node, index, context) {
    const names = node.input ?? [];
    if (names.length !== 2) throw new ConversionError(`Add needs two inputs; got ${names.length}.`);

    const [first, second] = names.map((name) => context.features.get(name));
    if (first !== undefined && second !== undefined) {
      context.addLayer(node, index, { kind: 'add' }, [first, second], first.rank);
      return;
    }

    const feature = first ?? second;
    const constantName = first === undefined ? names[0] : names[1];
    if (feature !== undefined && context.constants.has(constantName)) {
      addBias(node, feature, context);
      return;
    }
    context.feature(node, index, first === undefined ? 0 : 1);
  },

  Relu(node, index, context) {
    const input = context.feature(node, index, 0);
    context.addLayer(node, index, { kind: 'relu' }, [input], input.rank);
  },

  Clip(node, index, context) {
    const input = context.feature(node, index, 0);
    const { min, max } = clipBounds(node, index, context);

    if (min === undefined && max === undefined) {
      context.passThrough(node, input);
    } else if (min === 0 && max === undefined) {
      context.addLayer(node, index, { kind: 'relu' }, [input], input.rank);
    } else {
      const body = { kind: 'clip' as const, min: min ?? Number.NEGATIVE_INFINITY, max: max ?? Number.POSITIVE_INFINITY };
      context.addLayer(node, index, body, [input], input.rank);
    }
  },

  MaxPool(node, index, context) {
    const input = context.feature(node, index, 0);
    requireRank4(input, 'MaxPool');
    const attributes = new NodeAttributes(node);
    const kernel = kernelAttribute(attributes);
    const stride = toPairAttribute(attributes.ints('strides', [1, 1]), 'strides');
    const dilation = toPairAttribute(attributes.ints('dilations', [1, 1]), 'dilations');
    const padding = readPadding(attributes, kernel, stride, dilation, input.shape);
    const ceilMode = attributes.int('ceil_mode', 0) !== 0;
    context.addLayer(node, index, { kind: 'maxpool', kernel, stride, padding, dilation, ceilMode }, [input], 4);
  },

  AveragePool(node, index, context) {
    const input = context.feature(node, index, 0);
    requireRank4(input, 'AveragePool');
    const attributes = new NodeAttributes(node);
    const kernel = kernelAttribute(attributes);
    const stride = toPairAttribute(attributes.ints('strides', [1, 1]), 'strides');
    const dilation = toPairAttribute(attributes.ints('dilations', [1, 1]), 'dilations');
    if (dilation[0] !== 1 || dilation[1] !== 1) {
      throw new ConversionError(`dilations ${formatDims(dilation)} are not supported for AveragePool; only [1, 1].`);
    }

    const padding = readPadding(attributes, kernel, stride, dilation, input.shape);
    const ceilMode = attributes.int('ceil_mode', 0) !== 0;
    // ONNX defaults count_include_pad to 0, unlike PyTorch's AvgPool2d (True).
    const countIncludePad = attributes.int('count_include_pad', 0) !== 0;
    context.addLayer(node, index, { kind: 'avgpool', kernel, stride, padding, ceilMode, countIncludePad }, [input], 4);
  },

  GlobalAveragePool(node, index, context) {
    const input = context.feature(node, index, 0);
    requireRank4(input, 'GlobalAveragePool');
    context.addLayer(node, index, { kind: 'globalavgpool' }, [input], 4);
  },

  BatchNormalization(node, index, context) {
    const input = context.feature(node, index, 0);
    const scale = context.constant(node, index, 1, 'scale');
    const channels = scale.dims.reduce((product, dim) => product * dim, 1);
    if (channels !== input.shape.channels) {
      throw new ConversionError(`the scale has ${channels} values, but the input has ${input.shape.channels} channels.`);
    }

    const epsilon = new NodeAttributes(node).float('epsilon', DEFAULT_BATCHNORM_EPSILON);
    context.addLayer(node, index, { kind: 'batchnorm', epsilon }, [input], input.rank);
  },

  Flatten(node, index, context) {
    const input = context.feature(node, index, 0);
    const axis = new NodeAttributes(node).int('axis', 1);
    const allowed = input.rank === 4 ? [1, -3] : [1, -1];
    if (!allowed.includes(axis)) {
      throw new ConversionError(`axis ${axis} is not supported; bitfluid flattens everything after the batch axis (axis 1).`);
    }
    context.addLayer(node, index, { kind: 'flatten' }, [input], 2);
  },

  Reshape(node, index, context) {
    const input = context.feature(node, index, 0);
    // NOTE: a target shape computed at run time (Shape → Gather → Concat, as older exports of
    // x.view(x.size(0), -1) write it) is not folded, so such a graph stops at its Shape node.
    const shapeTensor = context.constant(node, index, 1, 'target shape');
    const target = readConstantValues(shapeTensor);
    if (target === undefined) throw new ConversionError('the target shape must be an int64 constant stored in the file.');

    if (!isFlattenShape(target, input)) {
      const features = input.shape.channels * input.shape.height * input.shape.width;
      throw new ConversionError(
        `Reshape to ${formatDims(target)} is not supported; bitfluid supports only a flatten, [N, -1], [0, -1] or [N, ${features}].`,
      );
    }
    context.addLayer(node, index, { kind: 'flatten' }, [input], 2);
  },

  Concat(node, index, context) {
    const inputs = (node.input ?? []).map((_, position) => context.feature(node, index, position));
    if (inputs.length < 2) throw new ConversionError('Concat needs at least two inputs.');

    const rank = inputs[0].rank;
    const axis = new NodeAttributes(node).int('axis', Number.NaN);
    const allowed = rank === 4 ? [1, -3] : [1, -1];
    if (!allowed.includes(axis)) {
      throw new ConversionError(`axis ${axis} is not supported; bitfluid concatenates along the channel axis (axis 1) only.`);
    }
    context.addLayer(node, index, { kind: 'concat' }, inputs, rank);
  },

  Dropout(node, index, context) {
    context.passThrough(node, context.feature(node, index, 0));
  },

  Identity(node, index, context) {
    context.passThrough(node, context.feature(node, index, 0));
  },

  Constant(node, _index, context) {
    const output = node.output?.[0] ?? '';
    for (const attribute of new NodeAttributes(node).all()) {
      const constant = constantFromAttribute(output, attribute);
      if (constant !== undefined) {
        context.constants.set(output, constant);
        return;
      }
    }
    throw new ConversionError('the Constant has no value, value_float(s) or value_int(s) attribute.');
  },
};

function checkFeatureCount(input: FeatureTensor, inFeatures: number, weight: ConstantTensor): void {
  const { channels, height, width } = input.shape;
  if (height === 1 && width === 1 && channels !== inFeatures) {
    throw new ConversionError(`the weight ${formatDims(weight.dims)} expects ${inFeatures} input features, but the input has ${channels}.`);
  }
}

/** True for a target shape that keeps the batch axis and flattens the rest. */
function isFlattenShape(target: number[], input: FeatureTensor): boolean {
  if (target.length !== 2) return false;

  const features = input.shape.channels * input.shape.height * input.shape.width;
  const [batch, rest] = target;
  if (rest === -1) return batch === 0 || batch >= 1;
  return rest === features && (batch === 0 || batch === -1 || batch >= 1);
}

/** Adds a constant bias to the fc or conv just before it, as an exported Linear without Gemm does. */
function addBias(node: NodeProto, feature: FeatureTensor, context: ImportContext): void {
  const producer = context.layers[context.layers.length - 1];
  const isLastOutput = producer !== undefined && producer.name === feature.source;
  if (!isLastOutput || (producer.kind !== 'fc' && producer.kind !== 'conv') || producer.bias) {
    throw new ConversionError(
      'an Add of a feature map and a constant is supported only as the bias of the MatMul, Gemm or Conv just before it, when that has no bias yet.',
    );
  }
  producer.bias = true;
  context.features.set(node.output?.[0] ?? '', feature);
}

function boundValue(constant: ConstantTensor | undefined, boundName: string): number | undefined {
  if (constant === undefined) return undefined;
  const values = readConstantValues(constant);
  if (values === undefined || values.length !== 1) throw new ConversionError(`the ${boundName} bound must be a scalar constant stored in the file.`);
  return values[0];
}

/** Clip bounds: attributes before opset 11, optional constant inputs from opset 11 on. */
function clipBounds(node: NodeProto, index: number, context: ImportContext): { min?: number; max?: number } {
  let min: number | undefined;
  let max: number | undefined;

  if (context.opsetVersion < 11) {
    const attributes = new NodeAttributes(node);
    if (attributes.has('min')) min = attributes.float('min', 0);
    if (attributes.has('max')) max = attributes.float('max', 0);
  } else {
    min = boundValue(context.optionalConstant(node, index, 1), 'min');
    max = boundValue(context.optionalConstant(node, index, 2), 'max');
  }

  return {
    min: min !== undefined && min > -FLOAT32_MAX ? min : undefined,
    max: max !== undefined && max < FLOAT32_MAX ? max : undefined,
  };
}

/** Supported op types, in the order the docs list them. */
export const SUPPORTED_OPS = Object.keys(convert);

export function converterFor(opType: string): Converter | undefined {
  return Object.prototype.hasOwnProperty.call(convert, opType) ? convert[opType] : undefined;
}
