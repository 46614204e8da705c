/**
 * What a plan's execution needs: the layer, the work plan the cost model prices, the data, and
 * the requantization parameters. It is plain data so that worker threads receive it by
 * structured clone (tensor values in shared memory are not copied).
 */
import type { RequantParams, RequantSlot } from '../mapping/options.js';
import type { LayerPrecisionPlan } from '../mapping/precision-plan.js';
import type { WorkPlan } from '../mapping/types.js';
import type { ResolvedLayer } from '../network/types.js';
import type { StepTally } from './meter.js';
import type { IntTensor } from './tensor.js';

/** Whether a plan is a layer's main work or the requantization of its input (a fixed plan). */
export type PlanRole = 'main' | 'input-requant';

export interface PlanContext {
  role: PlanRole;
  layer: ResolvedLayer;
  precision: LayerPrecisionPlan;
  plan: WorkPlan;
  batch: number;
  /** Tensors the plan loads, in the formats its steps load them in. */
  inputs: IntTensor[];
  /** Tensor the plan's store steps write; tasks write disjoint elements. */
  output: IntTensor;
  /** Conv and fc weights, output-channel-major (C_out × K, K in input channel, row, column order). */
  weights?: Int32Array;
  /** Conv and fc bias, one value per output channel, in accumulator units. */
  bias?: Float64Array;
  requant: Partial<Record<RequantSlot, RequantParams>>;
}

/** Items [firstItem, firstItem + items) of group `group`, stacked in one array. */
export interface PlanTask {
  group: number;
  firstItem: number;
  items: number;
}

export interface TaskResult {
  task: PlanTask;
  /** Engine activity per step of the group, in step order. */
  steps: StepTally[];
  /** Columns of the row layout the task used. */
  columns: number;
}

/** Returns the (multiplier, shift) of a requantization slot for a channel. */
export function requantFor(context: PlanContext, slot: RequantSlot, channel: number): { multiplier: bigint; shift: number } {
  const params = context.requant[slot];
  if (params === undefined) throw new Error(`${context.plan.layer}: no requantization parameters for ${slot}`);
  const index = params.multipliers.length === 1 ? 0 : channel;
  if (index >= params.multipliers.length) throw new Error(`${context.plan.layer}: ${slot} has no parameters for channel ${channel}`);
  return { multiplier: params.multipliers[index], shift: params.shifts[index] };
}
