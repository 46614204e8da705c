import type { ClassCost } from '../cost/types.js';
import type { ProfileOpClass } from './op-classes.js';

/**
 * The cost interface that schedulers query: how long a piece of work takes on a backend, how
 * much energy and memory it needs, and what it costs to switch a backend to it. Every quantity
 * is in SI units (s, J, bytes). The AP cost model and the profiled-table model implement it, so
 * a study can mix the AP with measured CPU, GPU or NPU backends.
 */

/** Layers `[from, to)` of a network, by index into its layer list. */
export interface LayerRange {
  from: number;
  to: number;
}

/** One unit of work: a network at one precision config over a batch of images. */
export interface WorkItem {
  /** Network id (`resnet18`). */
  network: string;
  /**
   * Precision config id. For the AP it names a bundled config of the network
   * (`hawq-latency-0.25`). For a profiled table it is matched against the CSV's `precision`
   * column (`fp32`, `int8`).
   */
  config: string;
  /** Images per request. */
  batch: number;
  /** Layers to run; the whole network when absent. */
  range?: LayerRange;
}

/** Origin of a cost: the analytic model, a profiled row, or an interpolation between rows. */
export type CostSource = 'analytic' | 'profiled' | 'interpolated';

export interface CostEstimate {
  latencyS: number;
  energyJ: number;
  /**
   * Largest memory the work occupies on the slot while it runs: the weights kept there plus the
   * largest layer's activations. Equals `footprint(work).residentBytes`.
   */
  peakMemoryBytes: number;
  /** Per-class split; empty when the source does not break the cost down. */
  byClass: Partial<Record<ProfileOpClass, ClassCost>>;
  source: CostSource;
}

/** Memory of a work item on one backend. */
export interface WorkFootprint {
  weightBytes: number;
  /** Largest layer's input plus output for the batch. */
  activationBytes: number;
  /**
   * Bytes the work occupies in a slot's memory while it is placed there: what a placement must
   * fit into `capacity().bytesPerSlot`. On the AP this excludes weights that stream from
   * off-chip memory because they do not fit.
   */
  residentBytes: number;
}

/** A work whose weights a slot stores. */
export interface ResidentWork {
  network: string;
  config: string;
  range?: LayerRange;
}

/** Contents of a slot before the next work item runs. */
export interface SlotState {
  /** Works whose weights the slot stores; empty for an empty slot. */
  resident: readonly ResidentWork[];
  /**
   * Slot memory not taken by the resident works. When absent, a slot with any resident work has
   * no room, so a new work replaces what is there.
   */
  freeBytes?: number;
}

/**
 * - `none`: the slot already stores the work's weights at its precision.
 * - `cold-load`: the weights are loaded into free memory (an empty slot, or one with room).
 * - `precision-reconfig`: the weights replace the same network's weights at another precision.
 * - `swap`: the weights replace another network's weights.
 */
export type SetupKind = 'none' | 'cold-load' | 'swap' | 'precision-reconfig';

export interface SetupCost {
  latencyS: number;
  energyJ: number;
  kind: SetupKind;
}

/** How many works a backend runs at once and how much each slot can hold. */
export interface BackendCapacity {
  /** Independent slots (AP partitions, GPU streams) that run different works concurrently. */
  slots: number;
  bytesPerSlot: number;
}

export type Support = { ok: true } | { ok: false; reason: string };

/** A backend as schedulers query it. Every method is a pure function of its arguments. */
export interface CostModel {
  readonly id: string;
  readonly kind: 'ap' | 'table';
  /** Whether the backend can run the work (it is known and fits in one slot), and why not. */
  supports(work: WorkItem): Support;
  /** Cost of one run of the work on one slot, setup excluded. Throws `InputError` when unsupported. */
  estimate(work: WorkItem): CostEstimate;
  footprint(work: WorkItem): WorkFootprint;
  /**
   * Cost of preparing a slot in `state` to run `work`. Which residents make room is the caller's
   * choice, and the kind only tells whether the load replaces something.
   */
  setupCost(state: SlotState, work: WorkItem): SetupCost;
  capacity(): BackendCapacity;
}
