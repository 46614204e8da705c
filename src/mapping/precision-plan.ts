import type { ResolvedLayer, ResolvedNetwork } from '../network/types.js';
import type { LayerPrecision } from '../quant/types.js';

/**
 * The integer format of one tensor (a layer output) as the AP stores it: its width and whether
 * it is two's complement.
 */
export interface TensorFormat {
  bits: number;
  signed: boolean;
}

/** Formats of one layer's inputs and output, and the places where requantization happens. */
export interface LayerPrecisionPlan {
  layer: string;
  /** Format of each input as the layer consumes it, in the order of `inputs`. */
  inputFormats: TensorFormat[];
  /**
   * Inputs whose producer format differs from what this layer consumes, so a requantization
   * (dyadic multiply, shift, clamp) runs on them first. Indices into `inputs`. When several
   * layers consume the same tensor in the same format (a unit's conv1 and its downsample conv),
   * only the first in layer order requantizes it and the others list it in `sharedInputs`.
   */
  requantizedInputs: number[];
  /** Inputs already requantized to this layer's format by an earlier consumer, by index. */
  sharedInputs: { index: number; requantizedBy: string }[];
  /** Format of the layer's output tensor as stored for its consumers. */
  outputFormat: TensorFormat;
  /** For conv and fc: bits and signedness of weights and the accumulator width. */
  gemm?: {
    weightBits: number;
    actBits: number;
    actSigned: boolean;
    accBits: number;
    /** Whether the conv/fc requantizes its accumulator to `outputFormat` before storing it. */
    requantizesOutput: boolean;
    /** Whether a ReLU (or clip at zero) consumer is fused into the output step. */
    fusedRelu: boolean;
  };
  /** For a residual add: the two inputs are each rescaled to `outputFormat` before the sum. */
  add?: { fusedRelu: boolean };
  /** Whether this layer runs as part of its producer (fused ReLU, folded batch norm). */
  fusedIntoProducer: boolean;
  /** Whether the layer moves no data and computes nothing (flatten, identity pooling). */
  free: boolean;
}

export interface PrecisionPlan {
  network: string;
  /** Format of the network input: what the first layer reading it consumes. */
  inputFormat: TensorFormat;
  layers: Map<string, LayerPrecisionPlan>;
}

/** Precision of a layer as the mapper needs it: the config's values with every field set. */
export type FullLayerPrecision = Required<Omit<LayerPrecision, 'accBits'>> & { accBits?: number };

/**
 * Width of the residual and pooling path when a config does not set one: 16 bits, the width
 * HAWQ-V3 uses for its residual sums (`quant_act_int32` = 16 in every published ResNet config).
 */
export const DEFAULT_RESIDUAL_BITS = 16;

/** Layers that pass their input's integer format through unchanged. */
const FORMAT_TRANSPARENT = new Set(['relu', 'clip', 'maxpool', 'flatten', 'batchnorm', 'concat', 'adaptiveavgpool']);

/** Returns the accumulator width a sum of `terms` products of the given widths needs, plus a bias. */
export function exactAccumulatorBits(actBits: number, weightBits: number, terms: number, bias: boolean): number {
  // A signed × signed product of m_a- and m_w-bit values fits in m_a + m_w bits, and so does an
  // unsigned activation times a signed weight. Each doubling of the number of terms adds one bit.
  const productBits = actBits + weightBits;
  const growthBits = Math.ceil(Math.log2(Math.max(1, terms)));
  return productBits + growthBits + (bias ? 1 : 0);
}

/** Reduction length of a conv or fc layer: input values combined into one output. */
export function reductionLength(layer: ResolvedLayer): number {
  if (layer.kind === 'conv') {
    const inChannels = layer.inputShapes[0].channels;
    return (inChannels / layer.groups) * layer.kernel[0] * layer.kernel[1];
  }
  if (layer.kind === 'fc') {
    const input = layer.inputShapes[0];
    return input.channels * input.height * input.width;
  }
  return 0;
}

/**
 * Decides the integer format of every tensor and where requantization happens:
 *
 * - A conv or fc consumes its input at the config's `actBits`; its accumulator is `accBits`
 *   wide, or exactly wide enough for the sum when the config leaves it out.
 * - When every conv/fc reached from a conv/fc output (through ReLU, max pool, flatten and other
 *   format-transparent layers) wants the same input format, the conv/fc requantizes its
 *   accumulator to that format in its output step. Otherwise (a residual add consumes it, or
 *   consumers disagree) it stores the residual-path format and each consumer requantizes its
 *   input (HAWQ-V3 does the same: residual sums stay 16-bit and each unit requantizes its input).
 * - A residual add rescales both inputs to its configured `actBits` (default 16) and adds them.
 * - Average pooling keeps its input's format; the network's last layer keeps its accumulator.
 */
export function planPrecision(network: ResolvedNetwork, precisionOf: (layer: string) => FullLayerPrecision | undefined): PrecisionPlan {
  const layers = new Map<string, LayerPrecisionPlan>();
  const inputFormat: TensorFormat = formatOfNetworkInput(network, precisionOf);
  const requantizedBy = new Map<string, string>();

  for (const layer of network.layers) {
    const producerFormats = layer.inputs.map((name) => (name === 'input' ? inputFormat : layers.get(name)!.outputFormat));
    const planned = planLayer(network, layer, producerFormats, precisionOf);

    // A conv or fc input requantized once serves every later conv or fc reading it in that format.
    if (planned.gemm) {
      for (const index of [...planned.requantizedInputs]) {
        const format = planned.inputFormats[index];
        const key = `${layer.inputs[index]}|${format.bits}|${format.signed}`;
        const first = requantizedBy.get(key);
        if (first === undefined) {
          requantizedBy.set(key, layer.name);
        } else {
          planned.requantizedInputs = planned.requantizedInputs.filter((other) => other !== index);
          planned.sharedInputs.push({ index, requantizedBy: first });
        }
      }
    }
    layers.set(layer.name, planned);
  }

  return { network: network.id, inputFormat, layers };
}

function formatOfNetworkInput(network: ResolvedNetwork, precisionOf: (layer: string) => FullLayerPrecision | undefined): TensorFormat {
  const first = network.layers.find((layer) => layer.inputs.includes('input'));
  const precision = first ? precisionOf(first.name) : undefined;
  return { bits: precision?.actBits ?? 8, signed: precision?.actSigned ?? true };
}

function planLayer(
  network: ResolvedNetwork,
  layer: ResolvedLayer,
  producerFormats: TensorFormat[],
  precisionOf: (layer: string) => FullLayerPrecision | undefined,
): LayerPrecisionPlan {
  const base = { layer: layer.name, requantizedInputs: [] as number[], sharedInputs: [] as { index: number; requantizedBy: string }[], fusedIntoProducer: false, free: false };

  if (layer.kind === 'conv' || layer.kind === 'fc') {
    const precision = precisionOf(layer.name);
    if (!precision) throw new Error(`no precision for ${layer.kind} layer ${layer.name}`);
    const consumed: TensorFormat = { bits: precision.actBits, signed: precision.actSigned };
    const requantizedInputs = sameFormat(producerFormats[0], consumed) ? [] : [0];
    const accBits = precision.accBits ?? exactAccumulatorBits(precision.actBits, precision.weightBits, reductionLength(layer), layer.bias);
    const target = downstreamGemmFormat(network, layer, precisionOf);
    const fusedRelu = hasFusableRelu(network, layer);
    const stored = target ? { format: target, keepsAccumulator: false } : accumulatorOrResidualFormat(network, layer, accBits, precisionOf);
    const outputFormat = stored.format;
    const requantizesOutput = !stored.keepsAccumulator;
    return {
      ...base,
      inputFormats: [consumed],
      requantizedInputs,
      outputFormat,
      gemm: { weightBits: precision.weightBits, actBits: precision.actBits, actSigned: precision.actSigned, accBits, requantizesOutput, fusedRelu },
    };
  }

  if (layer.kind === 'add') {
    const precision = precisionOf(layer.name);
    const bits = precision?.actBits ?? DEFAULT_RESIDUAL_BITS;
    const format: TensorFormat = { bits, signed: true };
    return {
      ...base,
      inputFormats: producerFormats.map(() => format),
      requantizedInputs: producerFormats.map((_, index) => index),
      outputFormat: format,
      add: { fusedRelu: hasFusableRelu(network, layer) },
    };
  }

  const input = producerFormats[0];
  const producer = network.byName.get(layer.inputs[0]);
  const fusedIntoProducer =
    layer.kind === 'batchnorm' ||
    ((layer.kind === 'relu' || (layer.kind === 'clip' && layer.min === 0)) && producer !== undefined && hasFusableRelu(network, producer));
  const free = layer.kind === 'flatten' || layer.kind === 'concat' || isIdentityPool(layer);
  let outputFormat = input;
  if (layer.kind === 'concat') outputFormat = { bits: Math.max(...producerFormats.map((f) => f.bits)), signed: producerFormats.some((f) => f.signed) };
  if ((layer.kind === 'relu' || layer.kind === 'clip') && !fusedIntoProducer) outputFormat = input;

  return { ...base, inputFormats: producerFormats, outputFormat, fusedIntoProducer, free };
}

function sameFormat(a: TensorFormat, b: TensorFormat): boolean {
  return a.bits === b.bits && a.signed === b.signed;
}

function isIdentityPool(layer: ResolvedLayer): boolean {
  if (layer.kind !== 'adaptiveavgpool') return false;
  const input = layer.inputShapes[0];
  return input.height === layer.outputShape.height && input.width === layer.outputShape.width;
}

/**
 * Returns whether a ReLU can run inside the layer's output step: it must be the layer's only
 * consumer (the usual conv → BN → ReLU chain, with the BN folded).
 */
function hasFusableRelu(network: ResolvedNetwork, layer: ResolvedLayer): boolean {
  const consumers = effectiveConsumers(network, layer);
  if (consumers.length !== 1) return false;
  const consumer = consumers[0];
  return consumer.kind === 'relu' || (consumer.kind === 'clip' && consumer.min === 0 && !Number.isFinite(consumer.max));
}

/** Consumers of a layer's output, looking through folded batch norms. */
function effectiveConsumers(network: ResolvedNetwork, layer: ResolvedLayer): ResolvedLayer[] {
  const result: ResolvedLayer[] = [];
  for (const name of layer.consumers) {
    const consumer = network.byName.get(name)!;
    if (consumer.kind === 'batchnorm' && consumer.foldedInto === layer.name) {
      result.push(...effectiveConsumers(network, consumer));
    } else {
      result.push(consumer);
    }
  }
  return result;
}

/**
 * Returns the input format every conv/fc reached from `layer` through format-transparent layers wants,
 * or undefined when some path ends elsewhere (a residual add, an average pool, the network
 * output) or the consumers disagree.
 */
function downstreamGemmFormat(
  network: ResolvedNetwork,
  layer: ResolvedLayer,
  precisionOf: (layer: string) => FullLayerPrecision | undefined,
): TensorFormat | undefined {
  const formats: TensorFormat[] = [];
  const pending = [...effectiveConsumers(network, layer)];
  if (pending.length === 0) return undefined;

  while (pending.length > 0) {
    const consumer = pending.pop()!;
    if (consumer.kind === 'conv' || consumer.kind === 'fc') {
      const precision = precisionOf(consumer.name);
      if (!precision) return undefined;
      formats.push({ bits: precision.actBits, signed: precision.actSigned });
    } else if (FORMAT_TRANSPARENT.has(consumer.kind) && !(consumer.kind === 'adaptiveavgpool' && !isIdentityPool(consumer))) {
      const next = effectiveConsumers(network, consumer);
      if (next.length === 0) return undefined;
      pending.push(...next);
    } else {
      return undefined;
    }
  }

  const first = formats[0];
  return formats.every((format) => sameFormat(format, first)) ? first : undefined;
}

/**
 * Output format of a conv/fc that does not requantize to a single consumer format: the residual
 * path's width when it feeds further layers, or the accumulator when it is the network output.
 */
function accumulatorOrResidualFormat(
  network: ResolvedNetwork,
  layer: ResolvedLayer,
  accBits: number,
  precisionOf: (layer: string) => FullLayerPrecision | undefined,
): { format: TensorFormat; keepsAccumulator: boolean } {
  const consumers = effectiveConsumers(network, layer);
  const accumulator = { format: { bits: accBits, signed: true }, keepsAccumulator: true };
  if (consumers.length === 0) return accumulator;

  // The add rescales the raw accumulator itself (the HAWQ-V3 residual step), so keep it.
  const add = consumers.find((consumer) => consumer.kind === 'add');
  if (add && consumers.length === 1) return accumulator;

  const residualBits = add ? (precisionOf(add.name)?.actBits ?? DEFAULT_RESIDUAL_BITS) : DEFAULT_RESIDUAL_BITS;
  return { format: { bits: residualBits, signed: true }, keepsAccumulator: false };
}
