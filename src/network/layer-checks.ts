/**
 * Range checks of one layer's own fields. A parsed file already passed them through zod, but
 * `resolveNetwork` also accepts networks built in code (the ONNX importer, tests, other modules),
 * where nothing else would catch a zero stride.
 */
import { LAYER_KINDS } from './format.js';
import { LayerError } from './layer-error.js';
import type { Layer } from './types.js';

function checkInteger(value: number, minimum: number, field: string): void {
  if (!Number.isInteger(value) || value < minimum) {
    const rule = minimum === 0 ? 'a non-negative integer' : 'a positive integer';
    throw new LayerError(`Expected ${rule}.`, { field, value });
  }
}

function checkPair(values: readonly number[], minimum: number, field: string, length: number): void {
  if (!Array.isArray(values) || values.length !== length) {
    throw new LayerError(`Expected an array of ${length} integers.`, { field, value: values });
  }
  for (const value of values) checkInteger(value, minimum, field);
}

/**
 * PyTorch rejects pooling padding above half the kernel ("pad should be at most half of kernel
 * size"). NOTE: ONNX allows any padding below the kernel, so an imported pool with more padding
 * is rejected here although onnxruntime would run it.
 */
function checkPoolPadding(kernel: readonly number[], padding: readonly number[]): void {
  const limits = [kernel[0], kernel[1], kernel[0], kernel[1]].map((size) => Math.floor(size / 2));
  padding.forEach((pad, side) => {
    if (pad > limits[side]) {
      throw new LayerError(
        `Pooling padding must be at most half the kernel (${limits[0]} rows, ${limits[1]} columns for kernel ${kernel[0]}×${kernel[1]}), as in PyTorch.`,
        { field: 'padding', value: padding },
      );
    }
  });
}

/** Throws `LayerError` when a numeric field of `layer` is out of range. */
export function checkLayerFields(layer: Layer): void {
  if (!(LAYER_KINDS as readonly string[]).includes(layer.kind)) {
    throw new LayerError(`Unknown layer kind. Use one of ${LAYER_KINDS.join(', ')}.`, {
      field: 'kind',
      value: (layer as { kind: unknown }).kind,
    });
  }

  switch (layer.kind) {
    case 'conv':
      checkInteger(layer.outChannels, 1, 'outChannels');
      checkPair(layer.kernel, 1, 'kernel', 2);
      checkPair(layer.stride, 1, 'stride', 2);
      checkPair(layer.padding, 0, 'padding', 4);
      checkPair(layer.dilation, 1, 'dilation', 2);
      checkInteger(layer.groups, 1, 'groups');
      break;
    case 'fc':
      checkInteger(layer.outFeatures, 1, 'outFeatures');
      break;
    case 'clip':
      if (layer.min === Number.NEGATIVE_INFINITY && layer.max === Number.POSITIVE_INFINITY) {
        throw new LayerError('A clip needs a min, a max or both; without bounds it does nothing, so remove the layer.');
      }
      if (!(layer.min < layer.max)) {
        throw new LayerError(`Expected min < max; got min ${layer.min} and max ${layer.max}.`, {
          field: 'max',
          value: layer.max,
        });
      }
      break;
    case 'maxpool':
      checkPair(layer.kernel, 1, 'kernel', 2);
      checkPair(layer.stride, 1, 'stride', 2);
      checkPair(layer.padding, 0, 'padding', 4);
      checkPair(layer.dilation, 1, 'dilation', 2);
      checkPoolPadding(layer.kernel, layer.padding);
      break;
    case 'avgpool':
      checkPair(layer.kernel, 1, 'kernel', 2);
      checkPair(layer.stride, 1, 'stride', 2);
      checkPair(layer.padding, 0, 'padding', 4);
      checkPoolPadding(layer.kernel, layer.padding);
      break;
    case 'adaptiveavgpool':
      checkPair(layer.outputSize, 1, 'outputSize', 2);
      break;
    case 'batchnorm':
      if (!(layer.epsilon > 0) || !Number.isFinite(layer.epsilon)) {
        throw new LayerError('Expected a positive number.', { field: 'epsilon', value: layer.epsilon });
      }
      break;
    default:
      break;
  }
}
