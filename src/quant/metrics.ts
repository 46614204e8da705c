import type { ResolvedNetwork } from '../network/types.js';
import { weightElements } from './layers.js';
import type { ResolvedLayerPrecision } from './types.js';

/** Model size and bit operations of a network at a per-layer precision. */
export interface PrecisionMetrics {
  /** Σ weight elements × weightBits / 8 over conv and fc layers, biases and batch norm excluded. */
  weightBytes: number;
  /** `weightBytes` / 2^20, the unit HAWQ-V3 prints as "MB". */
  sizeMiB: number;
  /** Σ MACs × weightBits × actBits over conv and fc layers. */
  bitOps: number;
  /** `bitOps` / 1e9. */
  bopsG: number;
}

/**
 * Computes model size and BOPs from resolved per-layer bits. These are bitfluid's own formulas
 * (the ones HAWQ-V3 describes); HAWQ's published mixed-precision values differ slightly from them
 * (see docs/formats.md, "Precision configs").
 */
export function computePrecisionMetrics(precision: Map<string, ResolvedLayerPrecision>, network: ResolvedNetwork): PrecisionMetrics {
  let weightBits = 0;
  let bitOps = 0;
  for (const layer of network.layers) {
    if (layer.kind !== 'conv' && layer.kind !== 'fc') continue;
    const bits = precision.get(layer.name);
    if (bits === undefined) throw new Error(`no resolved precision for layer ${layer.name} of ${network.id}`);
    weightBits += weightElements(layer) * bits.weightBits;
    bitOps += layer.macs * bits.weightBits * bits.actBits;
  }
  const weightBytes = weightBits / 8;
  return { weightBytes, sizeMiB: weightBytes / 2 ** 20, bitOps, bopsG: bitOps / 1e9 };
}
