import { applyOverrides } from '../arch/overrides.js';
import type { Architecture, Technology } from '../arch/types.js';
import { costCoefficients, type CostCoefficients } from '../cost/coefficients.js';
import { evaluateNetwork, type EvaluationInput } from '../cost/evaluate.js';
import type { ClassCost, RunResult } from '../cost/types.js';
import { OP_CLASSES } from '../mapping/types.js';
import { DescriptionCache } from '../sweep/bundled-catalog.js';
import { InputError, isInputError } from '../util/errors.js';
import { layerMemory, rangeMemory, type LayerMemory } from './ap-memory.js';
import { weightLoadCost } from './ap-setup.js';
import type { ProfileOpClass } from './op-classes.js';
import type { BackendCapacity, CostEstimate, CostModel, SetupCost, SlotState, Support, WorkFootprint, WorkItem } from './types.js';
import { checkBatch, resolveRange, setupKind, workKey } from './work.js';

export interface ApCostModelOptions {
  /** Backend id in reports; `ap` when absent. */
  id?: string;
  /** Technology description, or the id of a bundled one (`sram`, `reram`). */
  tech: Technology | string;
  /** Architecture of the whole chip; the bundled BF-IMNA estimate when absent. */
  arch?: Architecture;
  /** Supply voltage; the technology's reference voltage when absent. */
  vddV?: number;
  /**
   * Independent partitions the chip is split into. Each partition is a slice of
   * clusters / partitions clusters with their CAPs and MAPs; the count must divide the clusters.
   */
  partitions?: number;
  /** Objective of the per-layer strategy choice; `latency` when absent, since schedulers meet deadlines. */
  objective?: Objective;
  /** Bundled descriptions, shared between models so each file is read once. */
  cache?: DescriptionCache;
}

/** Objective of the mapper's per-layer strategy choice. */
export type Objective = NonNullable<EvaluationInput['objective']>;

interface Evaluation {
  result: RunResult;
  memory: LayerMemory;
}

/**
 * The cost interface over bitfluid's analytic AP model. A slot is one partition, and a work item
 * costs what `evaluateNetwork` gives for the partition's architecture (the chip with
 * `hierarchy.clusters` divided by the partition count). Evaluations are cached per network,
 * config and batch, and a layer range is the sum of its layers in the whole-network evaluation.
 */
export class ApCostModel implements CostModel {
  readonly id: string;
  readonly kind = 'ap' as const;
  readonly partitions: number;
  /** The architecture of one partition. */
  readonly partitionArch: Architecture;
  readonly tech: Technology;
  readonly vddV: number;
  readonly objective: Objective;
  /** Warnings of the evaluations so far (weights streamed off-chip, activation spills), each once. */
  readonly warnings: string[] = [];

  private readonly cache: DescriptionCache;
  private readonly coefficients: CostCoefficients;
  private readonly evaluations = new Map<string, Evaluation>();

  constructor(options: ApCostModelOptions) {
    this.cache = options.cache ?? new DescriptionCache();
    this.id = options.id ?? 'ap';
    this.tech = typeof options.tech === 'string' ? this.cache.technology(options.tech, {}) : options.tech;
    this.vddV = options.vddV ?? this.tech.reference.vddV;
    this.objective = options.objective ?? 'latency';
    this.partitions = options.partitions ?? 1;

    const arch = options.arch ?? this.cache.architecture({});
    const clusters = arch.hierarchy.clusters;
    if (!Number.isInteger(this.partitions) || this.partitions < 1 || clusters % this.partitions !== 0) {
      throw new InputError({
        field: 'partitions',
        value: options.partitions,
        expected: `The partition count must be a whole number that divides the architecture's ${clusters} clusters (for example 1, 2 or 4).`,
      });
    }
    this.partitionArch = this.partitions === 1 ? arch : applyOverrides(arch, { 'hierarchy.clusters': clusters / this.partitions });
    this.coefficients = costCoefficients(this.partitionArch, this.tech, this.vddV);
  }

  supports(work: WorkItem): Support {
    try {
      checkBatch(work);
      const network = this.cache.network(work.network);
      resolveRange(work, network.layers.length);
      this.cache.config(work.network, work.config);
    } catch (error) {
      if (isInputError(error)) return { ok: false, reason: error.message };
      throw error;
    }

    // NOTE: activations that do not fit in a partition would spill to off-chip memory, which the
    // cost model does not price, so such works are reported as unsupported instead.
    const { residentBytes } = this.footprint(work);
    const { bytesPerSlot } = this.capacity();
    if (residentBytes > bytesPerSlot) {
      const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
      return {
        ok: false,
        reason: `${work.network} at ${work.config}, batch ${work.batch}, needs ${mib(residentBytes)} resident in a partition of ${mib(bytesPerSlot)}; use fewer partitions or a smaller batch.`,
      };
    }
    return { ok: true };
  }

  estimate(work: WorkItem): CostEstimate {
    const { result } = this.evaluate(work);
    const range = resolveRange(work, result.layers.length);
    const byClass: Partial<Record<ProfileOpClass, ClassCost>> = {};
    for (const opClass of OP_CLASSES) byClass[opClass] = { latencyS: 0, energyJ: 0 };

    let latencyS = 0;
    let energyJ = 0;
    for (const layer of result.layers.slice(range.from, range.to)) {
      latencyS += layer.latencyS;
      energyJ += layer.energy.totalJ;
      for (const opClass of OP_CLASSES) {
        byClass[opClass]!.latencyS += layer.byClass[opClass].latencyS;
        byClass[opClass]!.energyJ += layer.byClass[opClass].energyJ;
      }
    }

    return { latencyS, energyJ, peakMemoryBytes: this.footprint(work).residentBytes, byClass, source: 'analytic' };
  }

  footprint(work: WorkItem): WorkFootprint {
    const { result, memory } = this.evaluate(work);
    const bits = rangeMemory(memory, resolveRange(work, result.layers.length));
    const weightBytes = bits.weightBits / 8;
    const activationBytes = bits.peakActivationBits / 8;
    // NOTE: whether weights stream is decided for the whole network, also for a layer range,
    // because the range's cost comes from the whole-network evaluation.
    const residentBytes = result.footprint.weightsOffChip ? activationBytes : weightBytes + activationBytes;
    return { weightBytes, activationBytes, residentBytes };
  }

  /**
   * Rewrites the MAP rows that hold weights (see `weightLoadCost`). A precision change costs as
   * much as a swap: each precision config is its own quantized model, whose integer weights
   * differ from the resident ones even in layers of the same bit width. When the work's weights
   * do not fit in a partition, they stream from off-chip memory in every run (priced in
   * `estimate`), so preparing a slot loads nothing and costs zero. Evicting resident weights is
   * free, since weights are never written back.
   */
  setupCost(state: SlotState, work: WorkItem): SetupCost {
    const kind = setupKind(state, work, this.footprint(work).residentBytes);
    if (kind === 'none') return { latencyS: 0, energyJ: 0, kind };

    const { result, memory } = this.evaluate(work);
    if (result.footprint.weightsOffChip) return { latencyS: 0, energyJ: 0, kind };
    const bits = rangeMemory(memory, resolveRange(work, result.layers.length));
    const load = weightLoadCost(bits.weightBits, this.partitionArch, this.coefficients);
    return { latencyS: load.latencyS, energyJ: load.energyJ, kind };
  }

  capacity(): BackendCapacity {
    return { slots: this.partitions, bytesPerSlot: this.coefficients.mapCapacityBits / 8 };
  }

  /** Returns the whole-network evaluation of the work's network, config and batch on one partition. */
  runResult(work: WorkItem): RunResult {
    return this.evaluate(work).result;
  }

  private evaluate(work: WorkItem): Evaluation {
    checkBatch(work);
    const key = workKey({ network: work.network, config: work.config, batch: work.batch });
    let evaluation = this.evaluations.get(key);
    if (evaluation === undefined) {
      const network = this.cache.network(work.network);
      const config = this.cache.config(work.network, work.config);
      const result = evaluateNetwork({
        network,
        config,
        arch: this.partitionArch,
        tech: this.tech,
        vddV: this.vddV,
        batch: work.batch,
        objective: this.objective,
      });
      for (const warning of result.warnings) {
        const text = `${this.id}: ${work.network} at ${work.config}, batch ${work.batch}: ${warning}`;
        if (!this.warnings.includes(text)) this.warnings.push(text);
      }
      evaluation = { result, memory: layerMemory(network, config, work.batch) };
      this.evaluations.set(key, evaluation);
    }
    return evaluation;
  }
}
