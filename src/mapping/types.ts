import type { OpCount } from '../ap/count.js';
import type { LayerKind } from '../network/types.js';

/**
 * Layout of a layer's work on the CAPs.
 *
 * - `product-reduce`: one (activation, weight) product per row; a 2D reduction sums each group of
 *   rows into one output. Cost does not depend on the data.
 * - `output-broadcast`: one output per row; every weight is broadcast to all rows as a constant,
 *   so only its nonzero digits cost passes. Cost depends on the weight values.
 * - `elementwise`: one element per row (ReLU, residual add, requantization).
 * - `window`: one pooled output per row; the window's values are loaded one after another.
 * - `none`: the layer moves and computes nothing (flatten, folded batch norm, fused ReLU).
 */
export type Strategy = 'product-reduce' | 'output-broadcast' | 'elementwise' | 'window' | 'none';

/** Operator classes of the cost breakdown, named as in NonGEMM-style profiles. */
export type OpClass = 'gemm' | 'activation' | 'pooling' | 'arithmetic' | 'qdq' | 'memory';

export const OP_CLASSES: readonly OpClass[] = ['gemm', 'activation', 'pooling', 'arithmetic', 'qdq', 'memory'];

/**
 * Microcode builder or data transfer that a step's count comes from. The bit-accurate executor
 * (`src/exec`) runs it by this name instead of parsing the label.
 */
export type StepAction =
  | 'init-accumulator'
  | 'load-operands'
  | 'multiply'
  | 'reduce'
  | 'accumulate'
  | 'load-activation'
  | 'multiply-accumulate'
  | 'requantize'
  | 'relu'
  | 'store'
  | 'load-input0'
  | 'load-input1'
  | 'requantize-input0'
  | 'requantize-input1'
  | 'add'
  | 'clamp'
  | 'set-lower-bound'
  | 'max-lower-bound'
  | 'set-upper-bound'
  | 'min-upper-bound'
  | 'load-window-first'
  | 'load-window-next'
  | 'max'
  | 'clear-sum'
  | 'load-window'
  | 'add-window'
  | 'divide';

/**
 * One step of a work item: an AP operation (or a data load or store) that every CAP running the
 * item executes `repeat` times on `rows` active rows.
 */
export interface PlanStep {
  /** Short description for reports: `multiply a×w`, `reduce 576 terms`, `load activations`. */
  label: string;
  /** Operation the step executes. Every planner in `src/mapping` sets it, and the executor requires it. */
  action?: StepAction;
  opClass: OpClass;
  /**
   * Counts of one execution. They come from `countOp` of the AP microcode, or, for steps whose
   * cost depends on weight values that are not known, from the expectation of `countOp` over the
   * weight model (then the numbers may be fractional and `expected` is true).
   */
  count: Readonly<OpCount>;
  repeat: number;
  /** Rows active while the step runs. */
  rows: number;
  /** Whether `count` is an expectation over unknown data instead of an exact count. */
  expected: boolean;
}

/** Bits that one work item moves between MAPs and its CAP, and weights it reads as keys. */
export interface ItemTraffic {
  /** Bits written into the CAP from MAPs (activations, and weights stored in rows). */
  mapToCapBits: number;
  /** Bits read out of the CAP into MAPs (results). */
  capToMapBits: number;
  /** Weight bits read from MAPs by the controller to broadcast as keys. */
  keyBits: number;
}

/** Work items that run the same steps; a plan lists its groups in the order items are issued. */
export interface ItemGroup {
  items: number;
  /** Rows each item keeps busy in its CAP. */
  rows: number;
  /** Steps of one item, in order. */
  steps: PlanStep[];
  traffic: ItemTraffic;
  /** Output channel (or other index) the group covers, for exact per-channel plans. */
  channel?: number;
}

/**
 * The work plan of one layer: the work items the CAPs run, in issue order, and what moves.
 * Items are issued to the CAPs in waves of at most one item per CAP; a wave lasts as long as
 * its slowest item.
 */
export interface WorkPlan {
  layer: string;
  kind: LayerKind;
  strategy: Strategy;
  groups: ItemGroup[];
  /** Multiply-accumulates of the whole layer for the batch, for throughput figures. */
  macs: number;
  /** Weight bits of the layer (its footprint in MAPs). */
  weightBits: number;
  /** Output bits of the layer for the batch (what the next layer reads). */
  outputBits: number;
  /** Columns one row of a work item needs, checked against the CAP width. */
  columnsPerRow: number;
  /** Whether every count is exact (known weights and multipliers) rather than an expectation. */
  exact: boolean;
  /** Modelling choices worth reporting (chunking, padding, assumptions). */
  notes: string[];
}

/** A strategy that cannot run a layer on the given CAPs, with the reason. */
export interface InfeasiblePlan {
  layer: string;
  strategy: Strategy;
  reason: string;
}

/** Total number of work items of a plan. */
export function planItems(plan: WorkPlan): number {
  return plan.groups.reduce((sum, group) => sum + group.items, 0);
}
