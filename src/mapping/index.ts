/** Mapping: layers onto CAP work plans (strategies, work items, steps, traffic). */
export { mapLayer, mapNetwork, GEMM_STRATEGIES, type LayerMapping } from './map-network.js';
export { gemmShape, planOutputBroadcast, planProductReduce, type GemmShape } from './gemm.js';
export { planActivation, planInputRequant, planResidualAdd, elementCount, tileRows } from './elementwise.js';
export { averageDivisor, planPooling, poolWindow, type AverageDivisor } from './pooling.js';
export {
  planPrecision,
  exactAccumulatorBits,
  reductionLength,
  DEFAULT_RESIDUAL_BITS,
  type FullLayerPrecision,
  type LayerPrecisionPlan,
  type PrecisionPlan,
  type TensorFormat,
} from './precision-plan.js';
export { DEFAULT_MAPPING_OPTIONS, mappingTarget, requantKey, type MappingOptions, type MappingTarget, type RequantParams, type RequantSlot } from './options.js';
export { DEFAULT_WEIGHT_MODEL, weightDistribution, type WeightModel, type WeightPoint } from './weight-model.js';
export { expectedMacConstCount, expectedRequantCount, macConstCount, requantCount } from './expected-counts.js';
export { OP_CLASSES, planItems, type InfeasiblePlan, type ItemGroup, type ItemTraffic, type OpClass, type PlanStep, type StepAction, type Strategy, type WorkPlan } from './types.js';
