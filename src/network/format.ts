import type { LayerKind } from './types.js';

/** Value of the `format` field that marks a bitfluid network file. */
export const NETWORK_FORMAT = 'bitfluid-network';

/** Version of the network file format that this code reads and writes. */
export const NETWORK_FORMAT_VERSION = 1;

/** Every layer kind a network file may use, in the order the docs list them. */
export const LAYER_KINDS: readonly LayerKind[] = [
  'conv',
  'fc',
  'relu',
  'clip',
  'maxpool',
  'avgpool',
  'adaptiveavgpool',
  'globalavgpool',
  'batchnorm',
  'add',
  'concat',
  'flatten',
];

/** Name that `inputs` uses for the network input. No layer may take it. */
export const NETWORK_INPUT = 'input';

/** Default batch-norm epsilon, as in PyTorch `BatchNorm2d` and ONNX `BatchNormalization`. */
export const DEFAULT_BATCHNORM_EPSILON = 1e-5;

/**
 * Rule of each field of a network file, phrased to complete "Expected ...". Validation errors
 * quote these, so a user reads the rule for the field they got wrong.
 */
export const FIELD_RULES: Record<string, string> = {
  format: `the string "${NETWORK_FORMAT}"`,
  version: `the format version ${NETWORK_FORMAT_VERSION}`,
  id: 'a non-empty string of letters, digits, ".", "_" or "-", for example "resnet50"',
  variant: 'an object { model, source, notes? } of strings that pins the model the file reproduces',
  model: 'a non-empty string naming the framework and model, for example "torchvision resnet50 (v1.5)"',
  source: 'a non-empty string naming where the layer list comes from',
  notes: 'a string',
  input: 'an object { channels, height, width } of positive integers',
  channels: 'a positive integer',
  height: 'a positive integer',
  width: 'a positive integer',
  layers: 'a non-empty array of layer objects',
  name:
    'a unique layer name other than the reserved "input": a letter, digit or "_" first, then also ".", ":", "/", "#", "+" or "-" (for example "layer1.0.conv1")',
  kind: `one of ${LAYER_KINDS.join(', ')}`,
  inputs:
    'an array of names of earlier layers (or "input" for the network input). Omit the field to read the previous layer',
  outChannels: 'a positive integer',
  outFeatures: 'a positive integer',
  kernel: 'a positive integer or a pair [height, width] of positive integers',
  stride: 'a positive integer or a pair [height, width] of positive integers',
  dilation: 'a positive integer or a pair [height, width] of positive integers',
  outputSize: 'a positive integer or a pair [height, width] of positive integers',
  padding:
    'a non-negative integer, a pair [height, width] or a 4-tuple [top, left, bottom, right] of non-negative integers',
  groups: 'a positive integer that divides the input and output channels',
  bias: 'true or false',
  ceilMode: 'true or false',
  countIncludePad: 'true or false',
  epsilon: 'a positive number',
  min: 'a finite number (omit the field for no lower bound)',
  max: 'a finite number (omit the field for no upper bound)',
};
