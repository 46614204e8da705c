/**
 * `verify` runs layers of a network on the bit-accurate engine with the work plans the cost
 * model prices. It checks their outputs against onnxruntime, their executed cycles against the
 * cost model, and the energy of their recorded activity against the model's estimate.
 */
import type { Architecture, Technology } from '../../arch/types.js';
import { chooseCandidate } from '../../cost/choose.js';
import { costCoefficients } from '../../cost/coefficients.js';
import { evaluateNetwork } from '../../cost/evaluate.js';
import { costPlan } from '../../cost/plan-cost.js';
import type { LayerCost } from '../../cost/types.js';
import { GEMM_STRATEGIES, mapLayer } from '../../mapping/map-network.js';
import { DEFAULT_MAPPING_OPTIONS, mappingTarget, type MappingOptions, type RequantParams } from '../../mapping/options.js';
import { planPrecision, type FullLayerPrecision } from '../../mapping/precision-plan.js';
import { planItems, type Strategy } from '../../mapping/types.js';
import type { LayerKind, ResolvedLayer, ResolvedNetwork } from '../../network/types.js';
import { resolvePrecision } from '../../quant/resolve.js';
import type { PrecisionConfig } from '../../quant/types.js';
import type { Objective } from '../../sweep/types.js';
import { InputError } from '../../util/errors.js';
import { executeLayer, type PlanExecution } from '../execute.js';
import { ExecutorPool } from '../pool.js';
import { computeReference } from '../reference/layer.js';
import type { IntTensor } from '../tensor.js';
import type { TensorFile } from '../tensor-file.js';
import { checkCycles, checkEnergy, compareValues, emptyValueCheck, type CycleCheck, type EnergyCheck, type ValueCheck } from './checks.js';
import { flipOutputBit, type OutputFault } from './fault.js';
import { inputRequantization, isolatedInputs, layerWeights, networkInput, passThrough } from './layer-inputs.js';
import { selectLayers } from './select.js';

/**
 * Largest relative gap allowed between the energy of the engine's recorded activity and the
 * model's estimate. The two differ only in the cell-write term, because the model assumes every
 * compared bit is a fair coin while carries, flags, sign extensions and real data mostly are not.
 * On ResNet18 and AlexNet the engine wrote 17% to 61% fewer cells than the estimate, which bounds
 * the energy gap for any technology (docs/verification.md lists the measurements).
 */
export const ENERGY_TOLERANCE = 0.65;

export interface VerifyOptions {
  network: ResolvedNetwork;
  config: PrecisionConfig;
  arch: Architecture;
  tech: Technology;
  vddV?: number;
  batch: number;
  seed: number;
  /** Layers to run, each on its own inputs; undefined runs the whole network, each layer's engine output feeding the next. */
  layers?: readonly string[];
  strategies?: readonly Strategy[];
  objective?: Objective;
  /** Worker threads; 1 runs in this thread. */
  jobs: number;
  data?: TensorFile;
  energyTolerance?: number;
  /** A deliberate corruption of one engine output, to show that the checks catch it. */
  fault?: OutputFault;
  /** Called after each layer ran, for progress output. */
  onLayer?: (layer: string, seconds: number) => void;
}

export interface LayerVerdict {
  layer: string;
  kind: LayerKind;
  strategy: Strategy;
  items: number;
  macs: number;
  values: ValueCheck;
  cycles: CycleCheck;
  energy: EnergyCheck;
  /** Columns of the engine's row layout and the plan's `columnsPerRow`, for the plan with the fewest spare columns; the layout must fit. */
  columns: { engine: number; plan: number };
  passed: boolean;
  engineSeconds: number;
  referenceSeconds: number;
}

export interface VerifyReport {
  network: string;
  config: string;
  tech: string;
  batch: number;
  seed: number;
  chained: boolean;
  jobs: number;
  energyTolerance: number;
  layers: LayerVerdict[];
  passed: boolean;
  seconds: number;
}

interface LayerRun {
  layer: ResolvedLayer;
  strategy: Strategy;
  executions: PlanExecution[];
  values: ValueCheck;
  engineSeconds: number;
  referenceSeconds: number;
}

export async function verifyNetwork(options: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const { network, config, arch, tech, batch, seed } = options;
  if (!Number.isInteger(batch) || batch < 1) throw new InputError({ field: '--batch', value: batch, expected: 'The batch size is a whole number of images, at least 1.' });
  const resolved = resolvePrecision(config, network);
  const precision = planPrecision(network, (name): FullLayerPrecision | undefined => resolved.get(name));
  const target = mappingTarget(arch);
  const k = costCoefficients(arch, tech, options.vddV ?? tech.reference.vddV);
  const strategies = options.strategies ?? GEMM_STRATEGIES;
  const objective = options.objective ?? 'edp';
  const chained = options.layers === undefined;
  const selected = chained ? undefined : selectLayers(network, precision, options.layers!);
  const weights = new Map<string, Int32Array>();
  const requant = new Map<string, RequantParams>();
  const mappingOptions: MappingOptions = { ...DEFAULT_MAPPING_OPTIONS, batch, weights, requant };
  const tensors = new Map<string, IntTensor>();
  const requantized = new Map<string, IntTensor>();
  const runs: LayerRun[] = [];
  const pool = options.jobs > 1 ? new ExecutorPool(options.jobs) : undefined;

  try {
    if (chained) tensors.set('input', networkInput(network, precision, batch, seed, options.data));
    for (const layer of network.layers) {
      const plan = precision.layers.get(layer.name)!;
      const mapping = mapLayer(network, layer, precision, target, mappingOptions, strategies);
      const hasWork = mapping.candidates.length > 0;
      if (chained && !hasWork) {
        if (mapping.infeasible.length > 0) throw infeasible(layer, mapping.infeasible);
        tensors.set(layer.name, passThrough(layer, plan, layer.inputs.map((name) => tensors.get(name)!), batch));
        continue;
      }
      if (selected !== undefined && !selected.has(layer.name)) continue;
      if (!hasWork) throw infeasible(layer, mapping.infeasible);

      const layerStarted = performance.now();
      const own = plan.gemm !== undefined && inputRequantization(plan) === 'own';
      let inputs: IntTensor[];
      if (chained) {
        inputs = layer.inputs.map((name, index) => {
          if (plan.gemm !== undefined && index === 0 && inputRequantization(plan) === 'shared') {
            const format = plan.inputFormats[0];
            return requantized.get(`${name}|${format.bits}|${format.signed}`)!;
          }
          return tensors.get(name)!;
        });
      } else {
        inputs = isolatedInputs(network, precision, layer, batch, seed, options.data);
      }
      const gemmData = plan.gemm !== undefined ? layerWeights(layer, plan, seed, options.data) : undefined;

      const referenceStarted = performance.now();
      const reference = await computeReference({ layer, precision: plan, inputs, weights: gemmData?.weights, bias: gemmData?.bias, batch, requantizesInput: own });
      const referenceSeconds = (performance.now() - referenceStarted) / 1000;
      for (const [key, params] of reference.requant) requant.set(key, params);
      if (gemmData !== undefined) weights.set(layer.name, gemmData.weights);

      // Map again now that the weights and requantization parameters are known: the plans are exact.
      const exact = mapLayer(network, layer, precision, target, mappingOptions, strategies);
      const { index } = chooseCandidate(exact.candidates.map((candidate) => costPlan(candidate, k)), objective);
      const main = exact.candidates[index];

      const engineStarted = performance.now();
      const execution = await executeLayer(layer, plan, { fixed: exact.fixed, main }, { inputs, weights: gemmData?.weights, bias: gemmData?.bias, requant }, batch, pool);
      const engineSeconds = (performance.now() - engineStarted) / 1000;
      if (options.fault?.layer === layer.name) flipOutputBit(execution.output, options.fault);

      const values = emptyValueCheck();
      if (execution.requantizedInput !== undefined && reference.requantizedInput !== undefined) compareValues(values, `${layer.name}:input`, execution.requantizedInput, reference.requantizedInput);
      compareValues(values, layer.name, execution.output, reference.output);
      runs.push({ layer, strategy: main.strategy, executions: execution.plans, values, engineSeconds, referenceSeconds });

      tensors.set(layer.name, execution.output);
      if (execution.requantizedInput !== undefined) {
        const format = plan.inputFormats[0];
        requantized.set(`${layer.inputs[0]}|${format.bits}|${format.signed}`, execution.requantizedInput);
      }
      options.onLayer?.(layer.name, (performance.now() - layerStarted) / 1000);
    }
  } finally {
    await pool?.close();
  }

  const result = evaluateNetwork({ network, config, arch, tech, vddV: options.vddV, batch, objective, strategies, mapping: { weights, requant } });
  const costs = new Map<string, LayerCost>(result.layers.map((layer) => [layer.name, layer]));
  const tolerance = options.energyTolerance ?? ENERGY_TOLERANCE;
  const layers = runs.map((run): LayerVerdict => {
    const cost = costs.get(run.layer.name);
    const cycles = checkCycles(run.executions, cost, run.strategy, k);
    const energy = checkEnergy(run.executions, cost, k, tolerance);
    // The plan whose layout leaves the fewest spare columns.
    const tightest = run.executions.reduce((worst, execution) => (execution.plan.columnsPerRow - execution.columns < worst.plan.columnsPerRow - worst.columns ? execution : worst));
    const columns = { engine: tightest.columns, plan: tightest.plan.columnsPerRow };
    return {
      layer: run.layer.name,
      kind: run.layer.kind,
      strategy: run.strategy,
      items: run.executions.reduce((sum, execution) => sum + planItems(execution.plan), 0),
      macs: run.layer.macs * batch,
      values: run.values,
      cycles,
      energy,
      columns,
      passed: run.values.mismatches === 0 && cycles.passed && energy.passed && columns.engine <= columns.plan,
      engineSeconds: run.engineSeconds,
      referenceSeconds: run.referenceSeconds,
    };
  });
  return {
    network: network.id,
    config: config.id,
    tech: tech.id,
    batch,
    seed,
    chained,
    jobs: options.jobs,
    energyTolerance: tolerance,
    layers,
    passed: layers.every((layer) => layer.passed),
    seconds: (performance.now() - started) / 1000,
  };
}

function infeasible(layer: ResolvedLayer, reasons: { strategy: Strategy; reason: string }[]): InputError {
  return new InputError({
    field: `layer ${layer.name}`,
    value: reasons.map((entry) => entry.strategy).join(', '),
    expected: `No strategy can run this layer on these CAPs: ${reasons.map((entry) => `${entry.strategy}: ${entry.reason}`).join('; ')}. Allow another strategy or change the architecture.`,
  });
}
