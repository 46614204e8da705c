/**
 * Output-shape inference of one layer from its input shapes, with PyTorch's formulas. Sizes are
 * per image (no batch axis). Every failure is a `LayerError` that names the field at fault.
 */
import { LayerError } from './layer-error.js';
import type { Layer, TensorShape } from './types.js';

/** One input of a layer: the producing layer's name (or "input") and its output shape. */
export interface LayerInput {
  name: string;
  shape: TensorShape;
}

/** Formats a shape as `[channels,height,width]`, as error messages print it. */
export function formatShape(shape: TensorShape): string {
  return `[${shape.channels},${shape.height},${shape.width}]`;
}

function sameShape(a: TensorShape, b: TensorShape): boolean {
  return a.channels === b.channels && a.height === b.height && a.width === b.width;
}

/**
 * Output size of a sliding window along one axis, as PyTorch computes it for `Conv2d` (floor
 * mode) and for pooling:
 *   out = floor((in + padBefore + padAfter - dilation·(kernel-1) - 1 + (ceil ? stride-1 : 0)) / stride) + 1
 * In ceil mode the last window must start inside the input or the leading padding, else it is
 * dropped (`pooling_output_shape_pad_lr` in PyTorch's ATen). Returns 0 or less when the dilated
 * kernel does not fit the padded input.
 */
export function slidingWindowOutputSize(
  input: number,
  kernel: number,
  stride: number,
  padBefore: number,
  padAfter: number,
  dilation: number,
  ceilMode: boolean,
): number {
  const span = input + padBefore + padAfter - dilation * (kernel - 1) - 1;
  if (span < 0) return 0;

  let output = Math.floor((span + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  if (ceilMode && (output - 1) * stride >= input + padBefore) output -= 1;
  return output;
}

interface WindowParameters {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number, number, number];
  dilation: [number, number];
  ceilMode: boolean;
}

function windowOutput(input: LayerInput, window: WindowParameters, operation: string): { height: number; width: number } {
  const { kernel, stride, padding, dilation, ceilMode } = window;
  const height = slidingWindowOutputSize(input.shape.height, kernel[0], stride[0], padding[0], padding[2], dilation[0], ceilMode);
  const width = slidingWindowOutputSize(input.shape.width, kernel[1], stride[1], padding[1], padding[3], dilation[1], ceilMode);

  if (height < 1 || width < 1) {
    const effectiveHeight = dilation[0] * (kernel[0] - 1) + 1;
    const effectiveWidth = dilation[1] * (kernel[1] - 1) + 1;
    const paddedHeight = input.shape.height + padding[0] + padding[2];
    const paddedWidth = input.shape.width + padding[1] + padding[3];
    throw new LayerError(
      `The ${operation} kernel (${effectiveHeight}×${effectiveWidth} with dilation) does not fit the padded input ` +
        `${paddedHeight}×${paddedWidth} from ${input.name} ${formatShape(input.shape)}. Use a smaller kernel or more padding.`,
      { field: 'kernel', value: kernel },
    );
  }
  return { height, width };
}

function inferConv(layer: Extract<Layer, { kind: 'conv' }>, input: LayerInput): TensorShape {
  const channels = input.shape.channels;
  if (channels % layer.groups !== 0 || layer.outChannels % layer.groups !== 0) {
    throw new LayerError(
      `groups must divide both the ${channels} input channels from ${input.name} and the ${layer.outChannels} output channels.`,
      { field: 'groups', value: layer.groups },
    );
  }

  const size = windowOutput(input, { ...layer, ceilMode: false }, 'convolution');
  return { channels: layer.outChannels, ...size };
}

function checkFlatInput(input: LayerInput): void {
  if (input.shape.height !== 1 || input.shape.width !== 1) {
    throw new LayerError(
      `An fc layer reads a flat vector, but ${input.name} outputs ${formatShape(input.shape)}. Insert a flatten (or a global average pool) layer before it.`,
      { field: 'inputs', value: [input.name] },
    );
  }
}

function inferAdd(layer: Layer, inputs: LayerInput[]): TensorShape {
  const first = inputs[0];
  for (const other of inputs.slice(1)) {
    if (!sameShape(first.shape, other.shape)) {
      throw new LayerError(
        `An add needs inputs of the same shape; got ${formatShape(first.shape)} and ${formatShape(other.shape)} ` +
          `from ${first.name} and ${other.name}.`,
        { field: 'inputs', value: layer.inputs },
      );
    }
  }
  return { ...first.shape };
}

function inferConcat(layer: Layer, inputs: LayerInput[]): TensorShape {
  const first = inputs[0];
  let channels = 0;
  for (const input of inputs) {
    if (input.shape.height !== first.shape.height || input.shape.width !== first.shape.width) {
      throw new LayerError(
        `A concat joins channels, so its inputs need the same height and width; got ${formatShape(first.shape)} ` +
          `and ${formatShape(input.shape)} from ${first.name} and ${input.name}.`,
        { field: 'inputs', value: layer.inputs },
      );
    }
    channels += input.shape.channels;
  }
  return { channels, height: first.shape.height, width: first.shape.width };
}

/**
 * Infers the output shape of `layer` from its inputs, which the caller has already matched to
 * `layer.inputs` (one input, or at least two for add and concat).
 */
export function inferOutputShape(layer: Layer, inputs: LayerInput[]): TensorShape {
  const input = inputs[0];

  switch (layer.kind) {
    case 'conv':
      return inferConv(layer, input);
    case 'fc':
      checkFlatInput(input);
      return { channels: layer.outFeatures, height: 1, width: 1 };
    case 'maxpool':
      return { channels: input.shape.channels, ...windowOutput(input, layer, 'max-pool') };
    case 'avgpool':
      return { channels: input.shape.channels, ...windowOutput(input, { ...layer, dilation: [1, 1] }, 'average-pool') };
    case 'adaptiveavgpool':
      return { channels: input.shape.channels, height: layer.outputSize[0], width: layer.outputSize[1] };
    case 'globalavgpool':
      return { channels: input.shape.channels, height: 1, width: 1 };
    case 'flatten':
      return { channels: input.shape.channels * input.shape.height * input.shape.width, height: 1, width: 1 };
    case 'add':
      return inferAdd(layer, inputs);
    case 'concat':
      return inferConcat(layer, inputs);
    case 'relu':
    case 'clip':
    case 'batchnorm':
      return { ...input.shape };
  }
}
