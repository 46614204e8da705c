/**
 * Parameter and multiply-accumulate counts of one layer, in torchvision's conventions. Params are
 * conv and fc weights plus bias, and batch norm weight and bias (2 per channel, without running
 * statistics). Only conv and fc have MACs, so bias adds, pooling, activations and adds count zero.
 */
import type { Layer, TensorShape } from './types.js';

export function countParams(layer: Layer, inputShapes: TensorShape[], output: TensorShape): number {
  switch (layer.kind) {
    case 'conv': {
      const inChannelsPerGroup = inputShapes[0].channels / layer.groups;
      const weights = layer.outChannels * inChannelsPerGroup * layer.kernel[0] * layer.kernel[1];
      return weights + (layer.bias ? layer.outChannels : 0);
    }
    case 'fc':
      return inputShapes[0].channels * layer.outFeatures + (layer.bias ? layer.outFeatures : 0);
    case 'batchnorm':
      return 2 * output.channels;
    default:
      return 0;
  }
}

/** conv: outH·outW·outC·(inC/groups)·kh·kw; fc: in·out; every other kind 0. */
export function countMacs(layer: Layer, inputShapes: TensorShape[], output: TensorShape): number {
  switch (layer.kind) {
    case 'conv': {
      const inChannelsPerGroup = inputShapes[0].channels / layer.groups;
      return output.height * output.width * output.channels * inChannelsPerGroup * layer.kernel[0] * layer.kernel[1];
    }
    case 'fc':
      return inputShapes[0].channels * layer.outFeatures;
    default:
      return 0;
  }
}
