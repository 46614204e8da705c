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
  /** Where the bit widths come from. */
  source?: string;
  /** Reported ImageNet top-1 accuracy in percent, with `top1Source`. */
  top1?: number;
  top1Source?: string;
  /** Reported bit operations in units of 10^9 (BOPs = Σ MACs · weightBits · actBits). */
  bopsG?: number;
  /** Reported model size in MiB. */
  sizeMiB?: number;
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
