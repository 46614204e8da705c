import type { Architecture, Technology } from '../arch/types.js';
import { mapLayer, GEMM_STRATEGIES, type LayerMapping } from '../mapping/map-network.js';
import { DEFAULT_MAPPING_OPTIONS, mappingTarget, type MappingOptions } from '../mapping/options.js';
import { planPrecision, type FullLayerPrecision, type PrecisionPlan } from '../mapping/precision-plan.js';
import { OP_CLASSES, type Strategy } from '../mapping/types.js';
import type { ResolvedNetwork } from '../network/types.js';
import { resolvePrecision } from '../quant/resolve.js';
import type { PrecisionConfig } from '../quant/types.js';
import type { Objective } from '../sweep/types.js';
import { chooseCandidate, summarize } from './choose.js';
import { costCoefficients, type CostCoefficients } from './coefficients.js';
import { addEnergy, chargeStaticPower, costPlan, emptyClasses, emptyEnergy } from './plan-cost.js';
import { collectProvenance } from './provenance.js';
import type { Footprint, LayerCost, PlanCost, RunResult, RunTotals } from './types.js';

export interface EvaluationInput {
  network: ResolvedNetwork;
  config: PrecisionConfig;
  arch: Architecture;
  tech: Technology;
  /** Supply voltage; the technology's reference voltage when absent. */
  vddV?: number;
  batch: number;
  /** Objective of the per-layer strategy choice. */
  objective?: Objective;
  /** Weight model, known weights and requantization parameters. */
  mapping?: Partial<Omit<MappingOptions, 'batch'>>;
  /** GEMM strategies the mapper may use (both by default). */
  strategies?: readonly Strategy[];
  /**
   * Level of detail: `layers` (default) returns a `LayerCost` per layer with the reason for each
   * choice. `totals` leaves `layers` empty, which is all a sweep row needs.
   */
  detail?: 'layers' | 'totals';
}

/** The mapping of a network, which depends on geometry and precision but not on voltage. */
interface NetworkMapping {
  precision: PrecisionPlan;
  layers: LayerMapping[];
  /** Weight bits of every conv and fc layer. */
  weightBits: number;
  /** Largest sum of one layer's input and output bits for the batch. */
  peakActivationBits: number;
}

const mappingCache = new WeakMap<ResolvedNetwork, WeakMap<PrecisionConfig, Map<string, NetworkMapping>>>();

/**
 * Maps a network, reusing an earlier mapping of the same network and config objects with the
 * same CAP geometry, batch, weight model and strategies. Known weights or requantization
 * parameters bypass the cache.
 */
function mapForEvaluation(input: EvaluationInput, options: MappingOptions, strategies: readonly Strategy[]): NetworkMapping {
  const target = mappingTarget(input.arch);
  const key = JSON.stringify([target, options.batch, options.weightModel, strategies]);
  const cacheable = options.weights === undefined && options.requant === undefined;

  let byConfig = mappingCache.get(input.network);
  if (!byConfig) {
    byConfig = new WeakMap();
    mappingCache.set(input.network, byConfig);
  }
  let byKey = byConfig.get(input.config);
  if (!byKey) {
    byKey = new Map();
    byConfig.set(input.config, byKey);
  }
  const cached = cacheable ? byKey.get(key) : undefined;
  if (cached) return cached;

  const resolved = resolvePrecision(input.config, input.network);
  const precisionOf = (name: string): FullLayerPrecision | undefined => resolved.get(name);
  const precision = planPrecision(input.network, precisionOf);
  const layers = input.network.layers.map((layer) => mapLayer(input.network, layer, precision, target, options, strategies));
  const weightBits = layers.reduce((sum, layer) => sum + (layer.candidates[0]?.weightBits ?? 0), 0);
  const mapping = { precision, layers, weightBits, peakActivationBits: peakActivationBits(input.network, precision, options.batch) };
  if (cacheable) byKey.set(key, mapping);
  return mapping;
}

/**
 * Evaluates one network at one precision config, architecture, technology, voltage and batch:
 * maps every layer, prices each candidate strategy, keeps the best per layer under the
 * objective, and sums latency, energy and the derived metrics.
 */
export function evaluateNetwork(input: EvaluationInput): RunResult {
  const objective = input.objective ?? 'edp';
  const vddV = input.vddV ?? input.tech.reference.vddV;
  const options: MappingOptions = { ...DEFAULT_MAPPING_OPTIONS, ...input.mapping, batch: input.batch };
  const mapping = mapForEvaluation(input, options, input.strategies ?? GEMM_STRATEGIES);
  const k = costCoefficients(input.arch, input.tech, vddV);

  const footprint: Footprint = {
    weightBits: mapping.weightBits,
    peakActivationBits: mapping.peakActivationBits,
    mapCapacityBits: k.mapCapacityBits,
    weightsOffChip: mapping.weightBits + mapping.peakActivationBits > k.mapCapacityBits,
  };
  const warnings = footprintWarnings(footprint);
  for (const layer of mapping.layers) {
    if (layer.candidates.length === 0 && layer.freeReason === undefined && layer.infeasible.length > 0) {
      warnings.push(`${layer.layer.name}: no strategy fits (${layer.infeasible.map((entry) => entry.reason).join('; ')})`);
    }
  }

  const priced = mapping.layers.map((layerMapping) => priceLayer(layerMapping, k, objective, footprint.weightsOffChip));
  const layers = input.detail === 'totals' ? [] : priced.map((entry, i) => describeLayer(mapping.layers[i], entry));

  return {
    network: input.network.id,
    config: input.config.id,
    tech: input.tech.id,
    arch: input.arch.id,
    vddV,
    batch: options.batch,
    objective,
    totals: computeTotals(priced, k, options.batch),
    layers,
    footprint,
    clockHz: k.clockHz,
    provenance: input.detail === 'totals' ? [] : collectProvenance(input.arch, input.tech),
    warnings,
  };
}

function footprintWarnings(footprint: Footprint): string[] {
  const warnings: string[] = [];
  const mib = (bits: number) => (bits / 8 / 2 ** 20).toFixed(1);
  if (footprint.weightsOffChip) {
    warnings.push(`weights (${mib(footprint.weightBits)} MiB) and activations exceed the MAP capacity (${mib(footprint.mapCapacityBits)} MiB): every layer's weights stream from off-chip memory once per batch`);
  }
  if (footprint.peakActivationBits > footprint.mapCapacityBits) {
    // NOTE: activation spills to off-chip memory are not priced.
    warnings.push(`the largest layer's activations (${mib(footprint.peakActivationBits)} MiB) exceed the MAP capacity; spills are not priced`);
  }
  return warnings;
}

function zeroPlanCost(strategy: Strategy): PlanCost {
  return {
    strategy,
    items: 0,
    waves: 0,
    rowsPerItem: 0,
    apUnitCycles: 0,
    capUnitCycles: 0,
    computeCycles: 0,
    transferCycles: 0,
    cycles: 0,
    latencyS: 0,
    energy: emptyEnergy(),
    byClass: emptyClasses(),
    busyRowCycles: 0,
  };
}

/** Adds `from` into `into` (the stages of one layer run one after another). */
function addPlanCost(into: PlanCost, from: PlanCost): void {
  into.items += from.items;
  into.waves += from.waves;
  into.rowsPerItem = Math.max(into.rowsPerItem, from.rowsPerItem);
  into.apUnitCycles += from.apUnitCycles;
  into.capUnitCycles += from.capUnitCycles;
  into.computeCycles += from.computeCycles;
  into.transferCycles += from.transferCycles;
  into.cycles += from.cycles;
  into.latencyS += from.latencyS;
  addEnergy(into.energy, from.energy);
  for (const opClass of OP_CLASSES) {
    into.byClass[opClass].latencyS += from.byClass[opClass].latencyS;
    into.byClass[opClass].energyJ += from.byClass[opClass].energyJ;
  }
  into.busyRowCycles += from.busyRowCycles;
}

/** A layer priced at one voltage: its total cost and the costs of its candidates. */
interface PricedLayer {
  total: PlanCost;
  macs: number;
  chosen?: { index: number; reason: string; candidateCosts: PlanCost[] };
}

/** Prices one layer: its fixed stages plus its best candidate, inter-layer and off-chip traffic. */
function priceLayer(mapping: LayerMapping, k: CostCoefficients, objective: Objective, weightsOffChip: boolean): PricedLayer {
  if (mapping.candidates.length === 0) return { total: zeroPlanCost('none'), macs: 0 };

  const candidateCosts = mapping.candidates.map((plan) => costPlan(plan, k));
  const { index, reason } = chooseCandidate(candidateCosts, objective);
  const chosen = mapping.candidates[index];
  const total = zeroPlanCost(chosen.strategy);
  for (const plan of mapping.fixed) addPlanCost(total, costPlan(plan, k));
  addPlanCost(total, candidateCosts[index]);

  // The layer's output crosses the global interconnect once on its way to the next layer's CAPs.
  const globalJ = chosen.outputBits * k.globalLinkJPerBit;
  total.energy.moveJ += globalJ;
  total.energy.totalJ += globalJ;
  total.byClass.memory.energyJ += globalJ;

  if (weightsOffChip && chosen.weightBits > 0) addOffChipWeights(total, chosen.weightBits, k);
  return { total, macs: chosen.macs, chosen: { index, reason, candidateCosts } };
}

/** Builds the per-layer report entry: the priced layer with its reason, candidates and notes. */
function describeLayer(mapping: LayerMapping, priced: PricedLayer): LayerCost {
  const { layer } = mapping;
  const base = {
    ...priced.total,
    name: layer.name,
    kind: layer.kind,
    infeasible: mapping.infeasible.map(({ strategy, reason }) => ({ strategy, reason })),
    macs: priced.macs,
  };
  if (priced.chosen === undefined) {
    return { ...base, reason: mapping.freeReason ?? 'no strategy fits', candidates: [], exact: true, notes: [] };
  }

  const chosen = mapping.candidates[priced.chosen.index];
  const notes = [...mapping.fixed.flatMap((plan) => plan.notes.map((note) => `${plan.layer}: ${note}`)), ...chosen.notes];
  for (const shared of mapping.precision.sharedInputs) notes.push(`input already requantized by ${shared.requantizedBy}`);
  return {
    ...base,
    reason: priced.chosen.reason,
    candidates: priced.chosen.candidateCosts.map(summarize),
    exact: chosen.exact && mapping.fixed.every((plan) => plan.exact),
    notes,
  };
}

/** Streams a layer's weights from off-chip memory before it runs (not overlapped). */
function addOffChipWeights(cost: PlanCost, weightBits: number, k: CostCoefficients): void {
  const seconds = weightBits / k.offChipBitsPerS;
  const cycles = Math.ceil(seconds / k.clockPeriodS);
  const energyJ = weightBits * k.offChipJPerBit;
  cost.cycles += cycles;
  cost.transferCycles += cycles;
  cost.latencyS += cycles * k.clockPeriodS;
  cost.energy.moveJ += energyJ;
  cost.energy.totalJ += energyJ;
  cost.byClass.memory.latencyS += cycles * k.clockPeriodS;
  cost.byClass.memory.energyJ += energyJ;
  chargeStaticPower(cost.energy, cost.byClass, cycles * k.clockPeriodS, k);
}

function peakActivationBits(network: ResolvedNetwork, precision: PrecisionPlan, batch: number): number {
  let peak = 0;
  for (const layer of network.layers) {
    const plan = precision.layers.get(layer.name)!;
    if (plan.fusedIntoProducer || plan.free) continue;
    const inputBits = layer.inputShapes.reduce((sum, shape, i) => sum + shape.channels * shape.height * shape.width * batch * plan.inputFormats[i].bits, 0);
    const out = layer.outputShape;
    const outputBits = out.channels * out.height * out.width * batch * plan.outputFormat.bits;
    peak = Math.max(peak, inputBits + outputBits);
  }
  return peak;
}

function computeTotals(layers: PricedLayer[], k: CostCoefficients, batch: number): RunTotals {
  const energy = emptyEnergy();
  const byClass = emptyClasses();
  let cycles = 0;
  let latencyS = 0;
  let macs = 0;
  let busyRowCycles = 0;
  for (const { total, macs: layerMacs } of layers) {
    cycles += total.cycles;
    latencyS += total.latencyS;
    macs += layerMacs;
    busyRowCycles += total.busyRowCycles;
    addEnergy(energy, total.energy);
    for (const opClass of OP_CLASSES) {
      byClass[opClass].latencyS += total.byClass[opClass].latencyS;
      byClass[opClass].energyJ += total.byClass[opClass].energyJ;
    }
  }
  const operations = 2 * macs;
  return {
    cycles,
    latencyS,
    energyJ: energy.totalJ,
    edpJs: energy.totalJ * latencyS,
    gops: latencyS > 0 ? operations / latencyS / 1e9 : 0,
    inferencesPerS: latencyS > 0 ? batch / latencyS : 0,
    topsPerW: energy.totalJ > 0 ? operations / energy.totalJ / 1e12 : 0,
    utilization: cycles > 0 ? busyRowCycles / (k.caps * k.capRows * cycles) : 0,
    macs,
    energy,
    byClass,
  };
}
