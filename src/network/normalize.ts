/**
 * Expansion of the shorthands of a network file into the full `Layer` types. Scalar sizes become
 * pairs and padding becomes [top, left, bottom, right]. Omitted fields take PyTorch's defaults,
 * so a pool's stride defaults to its kernel.
 */
import { DEFAULT_BATCHNORM_EPSILON } from './format.js';
import type { LayerDocument } from './schema.js';
import type { Layer, Padding4, Pair } from './types.js';

type PairShorthand = number | [number, number];
type PaddingShorthand = number | [number, number] | [number, number, number, number];

export function toPair(value: PairShorthand): Pair {
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
}

/** Expands padding to [top, left, bottom, right]; a pair [height, width] pads top and bottom by height. */
export function toPadding4(value: PaddingShorthand): Padding4 {
  if (typeof value === 'number') return [value, value, value, value];
  if (value.length === 2) return [value[0], value[1], value[0], value[1]];
  return [value[0], value[1], value[2], value[3]];
}

/** Builds the full layer from its file form; `inputs` is already resolved from the shorthand. */
export function normalizeLayer(document: LayerDocument, inputs: string[]): Layer {
  const name = document.name;

  switch (document.kind) {
    case 'conv':
      return {
        name,
        inputs,
        kind: 'conv',
        outChannels: document.outChannels,
        kernel: toPair(document.kernel),
        stride: toPair(document.stride ?? 1),
        padding: toPadding4(document.padding ?? 0),
        dilation: toPair(document.dilation ?? 1),
        groups: document.groups ?? 1,
        bias: document.bias,
      };
    case 'fc':
      return { name, inputs, kind: 'fc', outFeatures: document.outFeatures, bias: document.bias };
    case 'clip':
      return {
        name,
        inputs,
        kind: 'clip',
        min: document.min ?? Number.NEGATIVE_INFINITY,
        max: document.max ?? Number.POSITIVE_INFINITY,
      };
    case 'maxpool':
      return {
        name,
        inputs,
        kind: 'maxpool',
        kernel: toPair(document.kernel),
        stride: toPair(document.stride ?? document.kernel),
        padding: toPadding4(document.padding ?? 0),
        dilation: toPair(document.dilation ?? 1),
        ceilMode: document.ceilMode ?? false,
      };
    case 'avgpool':
      return {
        name,
        inputs,
        kind: 'avgpool',
        kernel: toPair(document.kernel),
        stride: toPair(document.stride ?? document.kernel),
        padding: toPadding4(document.padding ?? 0),
        ceilMode: document.ceilMode ?? false,
        countIncludePad: document.countIncludePad ?? true,
      };
    case 'adaptiveavgpool':
      return { name, inputs, kind: 'adaptiveavgpool', outputSize: toPair(document.outputSize) };
    case 'batchnorm':
      return { name, inputs, kind: 'batchnorm', epsilon: document.epsilon ?? DEFAULT_BATCHNORM_EPSILON };
    case 'relu':
    case 'globalavgpool':
    case 'add':
    case 'concat':
    case 'flatten':
      return { name, inputs, kind: document.kind };
  }
}
