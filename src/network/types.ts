/**
 * The layer-graph IR shared by the network loader, the ONNX importer, the precision configs and
 * the mapper. A network file lists layers in topological order; each layer names its inputs.
 * The loader validates the graph and infers every shape (see `ResolvedNetwork`).
 */

/** A feature-map shape for one image, channels first. */
export interface TensorShape {
  channels: number;
  height: number;
  width: number;
}

/** Pair of values along height and width. */
export type Pair = [number, number];

/** Padding in pixels: top, left, bottom, right (ONNX order). */
export type Padding4 = [number, number, number, number];

interface LayerBase {
  /** Unique name. For bundled networks it equals the torchvision module name. */
  name: string;
  /**
   * Names of the layers whose outputs feed this one, or `"input"` for the network input.
   * In a network file it may be omitted, meaning the previous layer in the list.
   */
  inputs: string[];
}

export interface ConvLayer extends LayerBase {
  kind: 'conv';
  outChannels: number;
  kernel: Pair;
  stride: Pair;
  padding: Padding4;
  dilation: Pair;
  groups: number;
  bias: boolean;
}

export interface FcLayer extends LayerBase {
  kind: 'fc';
  outFeatures: number;
  bias: boolean;
}

export interface ReluLayer extends LayerBase {
  kind: 'relu';
}

/** Clip to [min, max]; ONNX `Clip`. A clip with min 0 and no max is a ReLU. */
export interface ClipLayer extends LayerBase {
  kind: 'clip';
  /** Lower bound; `-Infinity` when unbounded (a network file then omits the field). */
  min: number;
  /** Upper bound; `Infinity` when unbounded (a network file then omits the field). */
  max: number;
}

export interface MaxPoolLayer extends LayerBase {
  kind: 'maxpool';
  kernel: Pair;
  stride: Pair;
  padding: Padding4;
  dilation: Pair;
  ceilMode: boolean;
}

export interface AvgPoolLayer extends LayerBase {
  kind: 'avgpool';
  kernel: Pair;
  stride: Pair;
  padding: Padding4;
  ceilMode: boolean;
  /** Whether padded zeros count in the divisor (PyTorch `count_include_pad`). */
  countIncludePad: boolean;
}

/** PyTorch `AdaptiveAvgPool2d` with a fixed output size (an identity when sizes match). */
export interface AdaptiveAvgPoolLayer extends LayerBase {
  kind: 'adaptiveavgpool';
  outputSize: Pair;
}

/** Average over the whole feature map, giving channels × 1 × 1. */
export interface GlobalAvgPoolLayer extends LayerBase {
  kind: 'globalavgpool';
}

/**
 * Batch normalization. At inference it is folded into the conv or fc that produces its input,
 * when that layer feeds nothing else (see `ResolvedLayer.foldedInto`).
 */
export interface BatchNormLayer extends LayerBase {
  kind: 'batchnorm';
  epsilon: number;
}

/** Element-wise sum of two inputs of the same shape (residual add). */
export interface AddLayer extends LayerBase {
  kind: 'add';
}

/** Concatenation along the channel axis. */
export interface ConcatLayer extends LayerBase {
  kind: 'concat';
}

/** Flattens channels × height × width into channels' = C·H·W, height = width = 1. */
export interface FlattenLayer extends LayerBase {
  kind: 'flatten';
}

export type Layer =
  | ConvLayer
  | FcLayer
  | ReluLayer
  | ClipLayer
  | MaxPoolLayer
  | AvgPoolLayer
  | AdaptiveAvgPoolLayer
  | GlobalAvgPoolLayer
  | BatchNormLayer
  | AddLayer
  | ConcatLayer
  | FlattenLayer;

export type LayerKind = Layer['kind'];

/** Identity of the model a network file describes. */
export interface NetworkVariant {
  /** Framework and model the file reproduces, for example `torchvision resnet50 (v1.5)`. */
  model: string;
  /** Origin of the layer list (source file, commit or paper). */
  source: string;
  /** Free-form notes on how this variant differs from others of the same name. */
  notes?: string;
}

export interface Network {
  id: string;
  variant: NetworkVariant;
  input: TensorShape;
  layers: Layer[];
}

/** A layer with its inferred shapes and counts. */
export type ResolvedLayer = Layer & {
  /** Shapes of the inputs, in the order of `inputs`. */
  inputShapes: TensorShape[];
  outputShape: TensorShape;
  /** Trainable parameters, counted as torchvision counts them (BN weight and bias included). */
  params: number;
  /** Multiply-accumulates per image (conv and fc only; zero for other layers). */
  macs: number;
  /** For a batch norm folded at inference: the conv or fc it folds into. */
  foldedInto?: string;
  /** For a conv or fc: the batch norm folded into it, if any. */
  foldedBatchNorm?: string;
  /** Names of the layers that read this layer's output. */
  consumers: string[];
};

export interface NetworkTotals {
  params: number;
  macs: number;
  convMacs: number;
  fcMacs: number;
  convLayers: number;
  fcLayers: number;
}

export interface ResolvedNetwork {
  id: string;
  variant: NetworkVariant;
  input: TensorShape;
  layers: ResolvedLayer[];
  /** Layer lookup by name. */
  byName: Map<string, ResolvedLayer>;
  totals: NetworkTotals;
  /** File the network was loaded from, when it came from a file. */
  file?: string;
}
