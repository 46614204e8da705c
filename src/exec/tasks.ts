/**
 * Splitting a plan into tasks (items stacked in one array) and running one task.
 */
import type { PlanContext, PlanTask, TaskResult } from './context.js';
import { gemmGeometry } from './geometry.js';
import { runElementwise } from './runners/elementwise.js';
import { runOutputBroadcast } from './runners/output-broadcast.js';
import { runPooling } from './runners/pooling.js';
import { reduceShape, runProductReduce } from './runners/product-reduce.js';
import { runResidualAdd } from './runners/residual-add.js';

/**
 * Largest row count of one stacked array. About 2 · 10^6 rows of 150 columns take 40 MB, so two
 * worker threads stay well inside memory while every tile of a ResNet18 channel is stacked.
 */
export const MAX_STACKED_ROWS = 2 ** 21;

/** Items per output channel when a plan has one group for all channels, else undefined. */
function itemsPerChannel(context: PlanContext, groupIndex: number): number | undefined {
  const group = context.plan.groups[groupIndex];
  if (group.channel !== undefined || context.role !== 'main') return undefined;
  const { layer, plan } = context;
  if (plan.strategy === 'product-reduce') return reduceShape(context, group, gemmGeometry(layer, context.batch)).positionTiles;
  if (layer.kind === 'add') return Math.ceil((layer.outputShape.height * layer.outputShape.width * context.batch) / group.rows);
  return undefined;
}

/**
 * Cuts every group into tasks of consecutive items that share one program (one output channel)
 * and fit `MAX_STACKED_ROWS`. With several workers, a plan with few groups is cut finer so that
 * every worker gets work.
 */
export function planTasks(context: PlanContext, workers: number): PlanTask[] {
  const groups = context.plan.groups;
  const wanted = workers > 1 ? workers * 4 : 1;
  const tasks: PlanTask[] = [];
  groups.forEach((group, index) => {
    let maxItems = Math.max(1, Math.floor(MAX_STACKED_ROWS / group.rows));
    if (groups.length < wanted) maxItems = Math.min(maxItems, Math.max(1, Math.ceil(group.items / Math.ceil(wanted / groups.length))));
    const boundary = itemsPerChannel(context, index);
    for (let first = 0; first < group.items; ) {
      let count = Math.min(maxItems, group.items - first);
      if (boundary !== undefined) count = Math.min(count, boundary - (first % boundary));
      tasks.push({ group: index, firstItem: first, items: count });
      first += count;
    }
  });
  return tasks;
}

/** Runs one task on a fresh array and writes its outputs into `context.output`. */
export function runTask(context: PlanContext, task: PlanTask): TaskResult {
  switch (context.plan.strategy) {
    case 'product-reduce':
      return runProductReduce(context, task);
    case 'output-broadcast':
      return runOutputBroadcast(context, task);
    case 'elementwise':
      return context.layer.kind === 'add' && context.role === 'main' ? runResidualAdd(context, task) : runElementwise(context, task);
    case 'window':
      return runPooling(context, task);
    default:
      throw new Error(`${context.layer.name}: no executor for strategy ${context.plan.strategy}`);
  }
}
