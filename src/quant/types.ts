/**
 * Per-layer precision: the bit widths one network runs at. A config is keyed by the network's
 * layer names; layers it does not name take the defaults.
 */

export interface LayerPrecision {
  /** Bits of the layer's weights (conv and fc), two's complement. */
  weightBits: number;
  /** Bits of the layer's input activations. */
  actBits: number;
  /** Whether input activations are two's complement (true) or unsigned (false). */
  actSigned: boolean;
  /**
   * Accumulator bits. When absent, the mapper uses the width the sum needs without overflow:
   * weightBits + actBits + ceil(log2(reduction length)), plus one bit for the bias.
   */
  accBits?: number;
}

/** Published results and provenance of a config. Every field is optional. */
export interface PrecisionConfigMeta {
  /** Origin of the bit widths. */
  source?: string;
  /** Reported ImageNet top-1 accuracy in percent, with `top1Source`. */
  top1?: number;
  top1Source?: string;
  /** Reported bit operations in units of 10^9 (BOPs = Σ MACs · weightBits · actBits). */
  bopsG?: number;
  /** Reported model size in MiB (HAWQ prints it as "MB" but divides bytes by 2^20). */
  sizeMiB?: number;
  /** Origin of `bopsG` and `sizeMiB`, when it is not `source`. */
  metricsSource?: string;
  notes?: string;
}

export interface PrecisionConfig {
  id: string;
  /** Id of the network whose layer names the config uses. */
  network: string;
  description?: string;
  defaults: LayerPrecision;
  /** Overrides per layer name; unspecified fields fall back to `defaults`. */
  layers: Record<string, Partial<LayerPrecision>>;
  meta: PrecisionConfigMeta;
  /** File the config was loaded from, when it came from a file. */
  file?: string;
}

/** Layer kinds that carry a precision: convolutions, fully connected layers and residual adds. */
export type PrecisionLayerKind = 'conv' | 'fc' | 'add';

/**
 * The precision one layer runs at after defaults, pins and per-layer entries are merged.
 * An add layer has no weights, so its `weightBits` is 0; `actBits` is the width of its operands
 * and of the stored sum (16 bits in HAWQ-V3).
 */
export interface ResolvedLayerPrecision extends LayerPrecision {
  layer: string;
  kind: PrecisionLayerKind;
  /** Whether the layer has an entry in `layers` (true) or takes `defaults` only (false). */
  listed: boolean;
}
