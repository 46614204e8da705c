import type { ResolvedLayer, ResolvedNetwork } from '../network/types.js';
import type { PrecisionLayerKind } from './types.js';

/** Layer kinds a precision config may name. */
export const PRECISION_LAYER_KINDS: readonly PrecisionLayerKind[] = ['conv', 'fc', 'add'];

export function isPrecisionLayer(layer: ResolvedLayer): layer is ResolvedLayer & { kind: PrecisionLayerKind } {
  return (PRECISION_LAYER_KINDS as readonly string[]).includes(layer.kind);
}

/** Returns the conv, fc and add layers of a network, in layer order. */
export function precisionLayers(network: ResolvedNetwork): (ResolvedLayer & { kind: PrecisionLayerKind })[] {
  return network.layers.filter(isPrecisionLayer);
}

/** Returns the first conv layer in layer order, which HAWQ-V3 keeps at 8 bits. */
export function firstConvLayer(network: ResolvedNetwork): ResolvedLayer | undefined {
  return network.layers.find((layer) => layer.kind === 'conv');
}

/** Returns the last fc layer in layer order (the classifier), which HAWQ-V3 keeps at 8 bits. */
export function classifierLayer(network: ResolvedNetwork): ResolvedLayer | undefined {
  const fcLayers = network.layers.filter((layer) => layer.kind === 'fc');
  return fcLayers[fcLayers.length - 1];
}

/** Counts the weights of a conv or fc layer, biases excluded, and returns 0 for other layers. */
export function weightElements(layer: ResolvedLayer): number {
  const input = layer.inputShapes[0];
  if (layer.kind === 'conv') {
    return layer.outChannels * (input.channels / layer.groups) * layer.kernel[0] * layer.kernel[1];
  }
  if (layer.kind === 'fc') {
    return layer.outFeatures * input.channels * input.height * input.width;
  }
  return 0;
}
