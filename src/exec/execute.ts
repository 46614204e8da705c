/**
 * Execution of a layer's work plans on the bit-accurate engine: the fixed plans (input
 * requantization) and then the chosen plan, task by task in this thread or on worker threads.
 */
import { requantKey, type RequantParams } from '../mapping/options.js';
import type { LayerPrecisionPlan } from '../mapping/precision-plan.js';
import type { WorkPlan } from '../mapping/types.js';
import type { ResolvedLayer } from '../network/types.js';
import type { PlanContext, PlanRole, TaskResult } from './context.js';
import { COUNT_FIELDS, emptyRowActivity, ROW_FIELDS, type EngineCount, type RowActivity } from './meter.js';
import type { ExecutorPool } from './pool.js';
import { planTasks, runTask } from './tasks.js';
import { createTensor, toShared, type IntTensor } from './tensor.js';

/** Engine counts of one item group. */
export interface GroupExecution {
  /** Items the tasks covered (the group's item count when every item ran). */
  items: number;
  /** Instruction counts of one item, per step. */
  perItem: EngineCount[];
  /** Row-weighted activity summed over every item, per step. */
  rows: RowActivity[];
  /** Tasks whose per-item counts differ from the group's first task (the engine's items must agree). */
  inconsistentTasks: number;
}

export interface PlanExecution {
  role: PlanRole;
  plan: WorkPlan;
  groups: GroupExecution[];
  /** Widest row layout a task used, in columns. */
  columns: number;
  tasks: number;
}

/** Runs every task of a plan and collects the engine's counts per group. */
export async function executePlan(context: PlanContext, pool?: ExecutorPool): Promise<PlanExecution> {
  const workers = pool?.size ?? 1;
  const tasks = planTasks(context, workers);
  let results: TaskResult[];
  if (pool !== undefined && workers > 1) {
    const shared = { ...context, inputs: context.inputs.map(toShared) };
    if (!(context.output.data.buffer instanceof SharedArrayBuffer)) throw new Error('a plan run on worker threads needs a shared output tensor');
    results = await pool.run(shared, tasks);
  } else {
    results = tasks.map((task) => runTask(context, task));
  }
  return { role: context.role, plan: context.plan, groups: collectGroups(context.plan, results), columns: Math.max(0, ...results.map((result) => result.columns)), tasks: tasks.length };
}

function collectGroups(plan: WorkPlan, results: TaskResult[]): GroupExecution[] {
  const groups: GroupExecution[] = plan.groups.map((group) => ({
    items: 0,
    perItem: [],
    rows: group.steps.map(() => emptyRowActivity()),
    inconsistentTasks: 0,
  }));
  for (const result of results) {
    const group = groups[result.task.group];
    if (group.items === 0) {
      group.perItem = result.steps.map((step) => ({ ...step.perItem }));
    } else if (result.steps.some((step, index) => COUNT_FIELDS.some((field) => step.perItem[field] !== group.perItem[index][field]))) {
      group.inconsistentTasks++;
    }
    group.items += result.task.items;
    result.steps.forEach((step, index) => {
      for (const field of ROW_FIELDS) group.rows[index][field] += step.rows[field];
    });
  }
  return groups;
}

/** The data of one layer: inputs in the formats its producers store, weights and requantization parameters. */
export interface LayerData {
  inputs: IntTensor[];
  weights?: Int32Array;
  bias?: Float64Array;
  /** By `requantKey(layer, slot)`. */
  requant: ReadonlyMap<string, RequantParams>;
}

export interface LayerExecution {
  layer: string;
  output: IntTensor;
  /** The fixed plans first, then the main plan. */
  plans: PlanExecution[];
  /** The input after the layer's own input requantization, for later consumers that share it. */
  requantizedInput?: IntTensor;
}

export interface LayerPlans {
  fixed: WorkPlan[];
  main: WorkPlan;
}

/**
 * Runs a layer: its input requantization (when the plan has one) and then its main plan. The
 * output tensor has the layer's output shape for the batch and the precision plan's format.
 */
export async function executeLayer(
  layer: ResolvedLayer,
  precision: LayerPrecisionPlan,
  plans: LayerPlans,
  data: LayerData,
  batch: number,
  pool?: ExecutorPool,
): Promise<LayerExecution> {
  const shared = pool !== undefined && pool.size > 1;
  const requant = (slot: 'output' | 'input0' | 'input1'): RequantParams | undefined => data.requant.get(requantKey(layer.name, slot));
  const executions: PlanExecution[] = [];
  let inputs = data.inputs;
  let requantizedInput: IntTensor | undefined;

  for (const plan of plans.fixed) {
    const input = inputs[0];
    const output = createTensor(input.shape, precision.inputFormats[0], shared);
    const context: PlanContext = { role: 'input-requant', layer, precision, plan, batch, inputs: [input], output, requant: { input0: requant('input0') } };
    executions.push(await executePlan(context, pool));
    requantizedInput = output;
    inputs = [output, ...inputs.slice(1)];
  }

  const shape = layer.outputShape;
  const output = createTensor([batch, shape.channels, shape.height, shape.width], precision.outputFormat, shared);
  const context: PlanContext = {
    role: 'main',
    layer,
    precision,
    plan: plans.main,
    batch,
    inputs,
    output,
    weights: data.weights,
    bias: data.bias,
    requant: { output: requant('output'), input0: requant('input0'), input1: requant('input1') },
  };
  executions.push(await executePlan(context, pool));
  return { layer: layer.name, output, plans: executions, requantizedInput };
}
