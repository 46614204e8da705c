import { planPrecision, type FullLayerPrecision } from '../mapping/precision-plan.js';
import type { ResolvedNetwork } from '../network/types.js';
import { weightElements } from '../quant/layers.js';
import { resolvePrecision } from '../quant/resolve.js';
import type { PrecisionConfig } from '../quant/types.js';
import type { LayerRange } from './types.js';

/** Weight and activation bits of each layer of a network at one precision config and batch. */
export interface LayerMemory {
  /** Weight bits per layer (conv and fc; zero for the others). */
  weightBits: number[];
  /**
   * Input plus output bits per layer for the batch, zero for layers that run inside their
   * producer or move nothing. The cost model's footprint takes the maximum of these.
   */
  activationBits: number[];
}

/**
 * Computes per-layer memory with the same rules as the cost model's footprint: weights at each
 * layer's weight bits, activations in the formats the precision plan stores them in.
 */
export function layerMemory(network: ResolvedNetwork, config: PrecisionConfig, batch: number): LayerMemory {
  const resolved = resolvePrecision(config, network);
  const precisionOf = (name: string): FullLayerPrecision | undefined => resolved.get(name);
  const plan = planPrecision(network, precisionOf);

  const weightBits = network.layers.map((layer) => weightElements(layer) * (resolved.get(layer.name)?.weightBits ?? 0));
  const activationBits = network.layers.map((layer) => {
    const layerPlan = plan.layers.get(layer.name)!;
    if (layerPlan.fusedIntoProducer || layerPlan.free) return 0;
    const inputBits = layer.inputShapes.reduce((sum, shape, i) => sum + shape.channels * shape.height * shape.width * batch * layerPlan.inputFormats[i].bits, 0);
    const out = layer.outputShape;
    return inputBits + out.channels * out.height * out.width * batch * layerPlan.outputFormat.bits;
  });
  return { weightBits, activationBits };
}

/** Weight bits and peak activation bits of the layers in `range`. */
export function rangeMemory(memory: LayerMemory, range: LayerRange): { weightBits: number; peakActivationBits: number } {
  let weightBits = 0;
  let peakActivationBits = 0;
  for (let i = range.from; i < range.to; i++) {
    weightBits += memory.weightBits[i];
    peakActivationBits = Math.max(peakActivationBits, memory.activationBits[i]);
  }
  return { weightBits, peakActivationBits };
}
