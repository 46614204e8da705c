import type { ResolvedLayer, ResolvedNetwork } from '../network/types.js';
import { planActivation, planInputRequant, planResidualAdd } from './elementwise.js';
import { planOutputBroadcast, planProductReduce } from './gemm.js';
import type { MappingOptions, MappingTarget } from './options.js';
import { planPooling } from './pooling.js';
import type { LayerPrecisionPlan, PrecisionPlan } from './precision-plan.js';
import type { InfeasiblePlan, Strategy, WorkPlan } from './types.js';

/** Every way the mapper can run one layer. */
export interface LayerMapping {
  layer: ResolvedLayer;
  precision: LayerPrecisionPlan;
  /** Work that runs before the main work whatever the strategy (input requantization). */
  fixed: WorkPlan[];
  /** Alternatives for the main work; empty when the layer costs nothing. */
  candidates: WorkPlan[];
  /** Strategies that could not run the layer, with the reason. */
  infeasible: InfeasiblePlan[];
  /** Reason the layer costs nothing, when `candidates` is empty. */
  freeReason?: string;
}

/** GEMM strategies the mapper tries for conv and fc layers. */
export const GEMM_STRATEGIES: readonly Strategy[] = ['product-reduce', 'output-broadcast'];

function isInfeasible(plan: WorkPlan | InfeasiblePlan): plan is InfeasiblePlan {
  return 'reason' in plan;
}

/**
 * Lists the candidate work plans of one layer. Conv and fc layers get one plan per GEMM
 * strategy (optionally restricted to `strategies`); other layers have a single plan, or none
 * when they are free or run inside their producer.
 */
export function mapLayer(
  network: ResolvedNetwork,
  layer: ResolvedLayer,
  precision: PrecisionPlan,
  target: MappingTarget,
  options: MappingOptions,
  strategies: readonly Strategy[] = GEMM_STRATEGIES,
): LayerMapping {
  const plan = precision.layers.get(layer.name)!;
  const mapping: LayerMapping = { layer, precision: plan, fixed: [], candidates: [], infeasible: [] };

  if (plan.fusedIntoProducer) {
    mapping.freeReason = layer.kind === 'batchnorm' ? `folded into ${layer.foldedInto ?? 'its producer'}` : `fused into ${layer.inputs[0]}`;
    return mapping;
  }
  if (plan.free) {
    mapping.freeReason = layer.kind === 'adaptiveavgpool' ? 'identity: the input already has the output size' : 'moves no data: only the indexing changes';
    return mapping;
  }

  switch (layer.kind) {
    case 'conv':
    case 'fc': {
      if (plan.requantizedInputs.length > 0) {
        const producer = layer.inputs[0];
        const from = producer === 'input' ? precision.inputFormat : precision.layers.get(producer)!.outputFormat;
        mapping.fixed.push(planInputRequant(layer, from, plan.inputFormats[0], options, target));
      }
      for (const strategy of strategies) {
        const planned = strategy === 'product-reduce' ? planProductReduce(layer, plan, target, options) : strategy === 'output-broadcast' ? planOutputBroadcast(layer, plan, target, options) : undefined;
        if (planned === undefined) continue;
        if (isInfeasible(planned)) mapping.infeasible.push(planned);
        else mapping.candidates.push(planned);
      }
      break;
    }
    case 'add': {
      const producerFormats = layer.inputs.map((name) => (name === 'input' ? precision.inputFormat : precision.layers.get(name)!.outputFormat));
      mapping.candidates.push(planResidualAdd(layer, plan, producerFormats, options, target));
      break;
    }
    case 'relu':
    case 'clip':
      mapping.candidates.push(planActivation(layer, plan, options, target));
      break;
    case 'maxpool':
    case 'avgpool':
    case 'globalavgpool':
    case 'adaptiveavgpool':
      mapping.candidates.push(planPooling(layer, plan, options, target));
      break;
    case 'batchnorm':
      // A batch norm that could not be folded (its producer feeds other layers too).
      // NOTE: it is priced as free; an unfolded batch norm would cost a per-channel multiply-add.
      mapping.freeReason = 'batch norm that could not be folded; priced as free';
      break;
    case 'flatten':
    case 'concat':
      mapping.freeReason = 'moves no data: only the indexing changes';
      break;
  }
  return mapping;
}

/** Maps every layer of a network. */
export function mapNetwork(network: ResolvedNetwork, precision: PrecisionPlan, target: MappingTarget, options: MappingOptions): LayerMapping[] {
  return network.layers.map((layer) => mapLayer(network, layer, precision, target, options));
}
