/**
 * Index arithmetic of conv, fc and pooling windows: which input element a (position, tap) pair
 * reads, or −1 for a padded position. Positions are (image, output row, output column) in that
 * order; taps are (input channel of the group, kernel row, kernel column), the order of K in
 * the mapper's weight layout.
 */
import type { ResolvedLayer } from '../network/types.js';
import { InputError } from '../util/errors.js';

/** Input element a GEMM output position reads at one tap. */
export interface GemmGeometry {
  /** Output positions per channel for the batch. */
  positions: number;
  /** Reduction length K. */
  terms: number;
  outChannels: number;
  /** Output channels per conv group (all of them for an fc). */
  outChannelsPerGroup: number;
  /** Returns the flat NCHW input index, or −1 for padding. */
  inputIndex(position: number, tap: number, convGroup: number): number;
  /** Returns the flat NCHW output index of (channel, position). */
  outputIndex(channel: number, position: number): number;
}

export function gemmGeometry(layer: ResolvedLayer, batch: number): GemmGeometry {
  const input = layer.inputShapes[0];
  const out = layer.outputShape;
  const outPlane = out.height * out.width;
  const outputIndex = (channel: number, position: number): number => {
    const image = Math.floor(position / outPlane);
    return (image * out.channels + channel) * outPlane + (position - image * outPlane);
  };

  if (layer.kind === 'fc') {
    const terms = input.channels * input.height * input.width;
    return {
      positions: batch,
      terms,
      outChannels: layer.outFeatures,
      outChannelsPerGroup: layer.outFeatures,
      inputIndex: (position, tap) => position * terms + tap,
      outputIndex,
    };
  }
  if (layer.kind !== 'conv') throw new Error(`gemmGeometry: ${layer.name} is a ${layer.kind}`);

  const [kernelHeight, kernelWidth] = layer.kernel;
  const [strideY, strideX] = layer.stride;
  const [dilationY, dilationX] = layer.dilation;
  const [padTop, padLeft] = layer.padding;
  const inChannelsPerGroup = input.channels / layer.groups;
  const kernelArea = kernelHeight * kernelWidth;
  const inPlane = input.height * input.width;
  return {
    positions: outPlane * batch,
    terms: inChannelsPerGroup * kernelArea,
    outChannels: out.channels,
    outChannelsPerGroup: out.channels / layer.groups,
    inputIndex: (position, tap, convGroup) => {
      const image = Math.floor(position / outPlane);
      const within = position - image * outPlane;
      const outY = Math.floor(within / out.width);
      const outX = within - outY * out.width;
      const channel = convGroup * inChannelsPerGroup + Math.floor(tap / kernelArea);
      const kernelIndex = tap % kernelArea;
      const y = outY * strideY - padTop + Math.floor(kernelIndex / kernelWidth) * dilationY;
      const x = outX * strideX - padLeft + (kernelIndex % kernelWidth) * dilationX;
      if (y < 0 || y >= input.height || x < 0 || x >= input.width) return -1;
      return (image * input.channels + channel) * inPlane + y * input.width + x;
    },
    outputIndex,
  };
}

/** Input element a pooled output reads at one window position. */
export interface PoolGeometry {
  /** Values per window. */
  windowSize: number;
  /** Returns the flat NCHW input index read by output `output` (flat NCHW) at window position `tap`, or −1 for padding. */
  inputIndex(output: number, tap: number): number;
}

export function poolGeometry(layer: ResolvedLayer): PoolGeometry {
  const input = layer.inputShapes[0];
  const out = layer.outputShape;
  let kernel: [number, number];
  let stride: [number, number];
  let padding: [number, number] = [0, 0];
  let dilation: [number, number] = [1, 1];
  if (layer.kind === 'maxpool') {
    kernel = layer.kernel;
    stride = layer.stride;
    padding = [layer.padding[0], layer.padding[1]];
    dilation = layer.dilation;
  } else if (layer.kind === 'avgpool') {
    kernel = layer.kernel;
    stride = layer.stride;
    padding = [layer.padding[0], layer.padding[1]];
  } else if (layer.kind === 'globalavgpool') {
    kernel = [input.height, input.width];
    stride = kernel;
  } else if (layer.kind === 'adaptiveavgpool') {
    if (input.height % out.height !== 0 || input.width % out.width !== 0) {
      throw new InputError({
        field: `layer ${layer.name}`,
        value: `${input.height}×${input.width} → ${out.height}×${out.width}`,
        expected: 'The executor runs adaptive average pooling only when the input size is a multiple of the output size (equal windows); choose other layers with --layers.',
      });
    }
    kernel = [input.height / out.height, input.width / out.width];
    stride = kernel;
  } else {
    throw new Error(`poolGeometry: ${layer.name} is a ${layer.kind}`);
  }

  const [kernelHeight, kernelWidth] = kernel;
  const outPlane = out.height * out.width;
  const inPlane = input.height * input.width;
  return {
    windowSize: kernelHeight * kernelWidth,
    inputIndex: (output, tap) => {
      const plane = Math.floor(output / outPlane);
      const within = output - plane * outPlane;
      const outY = Math.floor(within / out.width);
      const outX = within - outY * out.width;
      const y = outY * stride[0] - padding[0] + Math.floor(tap / kernelWidth) * dilation[0];
      const x = outX * stride[1] - padding[1] + (tap % kernelWidth) * dilation[1];
      if (y < 0 || y >= input.height || x < 0 || x >= input.width) return -1;
      return plane * inPlane + y * input.width + x;
    },
  };
}
