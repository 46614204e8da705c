import type { Objective } from '../sweep/types.js';
import type { OpClass, Strategy } from '../mapping/types.js';
import type { LayerKind } from '../network/types.js';

/** Energy split by where it is spent, in joules. */
export interface EnergyBreakdown {
  /** Match lines, search bit-lines and key drivers of compares. */
  compareJ: number;
  /** Cell writes and write drivers. */
  writeJ: number;
  /** Column and row ports, MAP accesses, interconnect and off-chip transfers. */
  moveJ: number;
  /** Array leakage over the run time. */
  leakageJ: number;
  /** Controller: energy per issued instruction and static power over the run time. */
  controlJ: number;
  totalJ: number;
}

/** Latency and energy attributed to one operator class. */
export interface ClassCost {
  latencyS: number;
  energyJ: number;
}

/** The cost of running one work plan (one strategy for one layer) at one voltage. */
export interface PlanCost {
  strategy: Strategy;
  items: number;
  waves: number;
  /** Largest number of rows an item keeps busy. */
  rowsPerItem: number;
  /**
   * Unit cycles (one per instruction, as the AP microcode counts them) on the critical path:
   * the sum over waves of the slowest item's unit cycles.
   */
  apUnitCycles: number;
  /** Unit cycles summed over every item: the total work of all CAPs. */
  capUnitCycles: number;
  /** Technology cycles of computation on the critical path (cycles per compare and write applied). */
  computeCycles: number;
  /** Cycles of MAP↔CAP transfers on the critical path. */
  transferCycles: number;
  /** Cycles of the layer: waves of computation and transfers (overlapped or not), plus off-chip time. */
  cycles: number;
  latencyS: number;
  energy: EnergyBreakdown;
  byClass: Record<OpClass, ClassCost>;
  /** Σ over items of rows × computation cycles: the numerator of array utilization. */
  busyRowCycles: number;
}

/** Summary of one candidate strategy, kept in the result to show why the mapper chose as it did. */
export interface CandidateSummary {
  strategy: Strategy;
  latencyS: number;
  energyJ: number;
  edpJs: number;
}

/** The cost of one layer with its chosen strategy. */
export interface LayerCost extends PlanCost {
  name: string;
  kind: LayerKind;
  /** Reason for the chosen strategy, or for the layer costing nothing. */
  reason: string;
  /** Every strategy the mapper priced, and the ones that could not run with their reasons. */
  candidates: CandidateSummary[];
  infeasible: { strategy: Strategy; reason: string }[];
  /** Multiply-accumulates of the layer for the batch. */
  macs: number;
  /** Whether every count is exact rather than an expectation over unknown weights. */
  exact: boolean;
  notes: string[];
}

export interface RunTotals {
  /** Clock cycles of one batch at the run's voltage. */
  cycles: number;
  latencyS: number;
  energyJ: number;
  edpJs: number;
  /** 10^9 operations per second, counting a MAC as two operations. */
  gops: number;
  inferencesPerS: number;
  /** 10^12 operations per second per watt (MAC = two operations). */
  topsPerW: number;
  /** Fraction of CAP row-cycles doing useful work, 0..1. */
  utilization: number;
  macs: number;
  energy: EnergyBreakdown;
  byClass: Record<OpClass, ClassCost>;
}

/** Memory the workload needs, in bits. */
export interface Footprint {
  weightBits: number;
  /** Largest sum of one layer's input and output bits for the batch. */
  peakActivationBits: number;
  /** Capacity of all MAPs. */
  mapCapacityBits: number;
  /** Whether the weights stream from off-chip memory because they do not fit in the MAPs. */
  weightsOffChip: boolean;
}

/** Origin of one technology or architecture number that a result used. */
export interface ProvenanceRef {
  /** `tech.energy.compareBit`, `arch.cap.rows`, ... */
  path: string;
  text: string;
  source?: string;
  estimate?: string;
}

export interface RunResult {
  network: string;
  config: string;
  tech: string;
  arch: string;
  vddV: number;
  batch: number;
  objective: Objective;
  totals: RunTotals;
  layers: LayerCost[];
  footprint: Footprint;
  /** Clock frequency at the run's voltage. */
  clockHz: number;
  provenance: ProvenanceRef[];
  warnings: string[];
}
