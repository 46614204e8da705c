/**
 * The three checks of `verify`: the engine's output values against the reference, the engine's
 * executed counts against the plan and the cost model, and the energy of the engine's recorded
 * activity against the model's estimate.
 */
import type { Activity } from '../../cost/activity.js';
import { emptyActivity, groupActivity } from '../../cost/activity.js';
import type { CostCoefficients } from '../../cost/coefficients.js';
import { activityEnergy, computeCycles } from '../../cost/plan-cost.js';
import type { LayerCost } from '../../cost/types.js';
import type { OpCount } from '../../ap/count.js';
import type { PlanExecution } from '../execute.js';
import { COUNT_FIELDS, type EngineCount } from '../meter.js';
import type { IntTensor } from '../tensor.js';

export interface ValueMismatch {
  tensor: string;
  /** Flat NCHW index. */
  index: number;
  engine: number;
  reference: number;
}

export interface ValueCheck {
  compared: number;
  mismatches: number;
  /** The first few mismatches. */
  examples: ValueMismatch[];
}

const MAX_EXAMPLES = 5;

/** Compares two tensors element by element and adds the result to `check`. */
export function compareValues(check: ValueCheck, name: string, engine: IntTensor, reference: IntTensor): void {
  if (engine.data.length !== reference.data.length) throw new Error(`${name}: the engine produced ${engine.data.length} values, the reference ${reference.data.length}`);
  for (let index = 0; index < engine.data.length; index++) {
    check.compared++;
    if (engine.data[index] === reference.data[index]) continue;
    check.mismatches++;
    if (check.examples.length < MAX_EXAMPLES) check.examples.push({ tensor: name, index, engine: engine.data[index], reference: reference.data[index] });
  }
}

export function emptyValueCheck(): ValueCheck {
  return { compared: 0, mismatches: 0, examples: [] };
}

/** A plan step whose executed count differs from the planned one. */
export interface CountMismatch {
  plan: string;
  group: number;
  step: string;
  field: keyof EngineCount | 'items';
  engine: number;
  model: number;
}

export interface CycleCheck {
  /** Unit cycles on the critical path: Σ over waves of the slowest item. */
  engineApUnitCycles: number;
  modelApUnitCycles: number;
  /** Unit cycles summed over every item. */
  engineCapUnitCycles: number;
  modelCapUnitCycles: number;
  /** Whether the cost model chose the strategy the engine ran. */
  sameStrategy: boolean;
  /** Steps whose executed counts differ from the plan (per item), and groups the engine did not fully cover. */
  mismatches: CountMismatch[];
  passed: boolean;
}

/** Maps a planned step count onto the engine's count fields. */
function plannedCount(count: Readonly<OpCount>, repeat: number): EngineCount {
  return {
    compares: count.compares * repeat,
    writes: count.writes * repeat,
    rowReads: count.rowReads * repeat,
    rowWrites: count.rowWrites * repeat,
    columnReads: count.columnReads * repeat,
    columnWrites: count.columnWrites * repeat,
    cycles: count.cycles * repeat,
    comparedColumns: count.comparedColumns * repeat,
    writtenColumns: count.writtenColumns * repeat,
  };
}

/** Per-item engine counts of each group, summed over its steps, and the matching compute cycles. */
function itemTotals(execution: PlanExecution, k: CostCoefficients): { items: number; unit: number; compute: number }[] {
  return execution.groups.map((group) => {
    const activity = emptyActivity();
    for (const step of group.perItem) {
      activity.compares += step.compares;
      activity.writes += step.writes;
      activity.writtenColumns += step.writtenColumns;
      activity.rowReads += step.rowReads;
      activity.rowWrites += step.rowWrites;
      activity.columnReads += step.columnReads;
      activity.columnWrites += step.columnWrites;
      activity.unitCycles += step.cycles;
    }
    return { items: group.items, unit: activity.unitCycles, compute: computeCycles(activity, k) };
  });
}

/**
 * Returns Σ over waves of the unit cycles of the wave's slowest item, issuing items in plan
 * order in waves of `k.caps`, the slowest chosen by compute cycles as the cost model does.
 */
export function waveUnitCycles(groups: { items: number; unit: number; compute: number }[], caps: number): number {
  let total = 0;
  let open: { items: number; unit: number; compute: number } | undefined;
  for (const group of groups) {
    let remaining = group.items;
    if (open !== undefined) {
      const take = Math.min(remaining, caps - open.items);
      open.items += take;
      if (group.compute > open.compute) {
        open.compute = group.compute;
        open.unit = group.unit;
      }
      remaining -= take;
      if (open.items === caps) {
        total += open.unit;
        open = undefined;
      }
    }
    const fullWaves = Math.floor(remaining / caps);
    total += fullWaves * group.unit;
    const rest = remaining - fullWaves * caps;
    if (rest > 0) open = { items: rest, unit: group.unit, compute: group.compute };
  }
  if (open !== undefined) total += open.unit;
  return total;
}

/** Checks every step of every group against its plan and the layer's cycle totals against the cost model. */
export function checkCycles(executions: PlanExecution[], cost: LayerCost | undefined, strategy: string, k: CostCoefficients): CycleCheck {
  const mismatches: CountMismatch[] = [];
  let engineAp = 0;
  let engineCap = 0;
  for (const execution of executions) {
    execution.plan.groups.forEach((group, groupIndex) => {
      const executed = execution.groups[groupIndex];
      if (executed.items !== group.items) mismatches.push({ plan: execution.plan.layer, group: groupIndex, step: '(all)', field: 'items', engine: executed.items, model: group.items });
      if (executed.inconsistentTasks > 0) mismatches.push({ plan: execution.plan.layer, group: groupIndex, step: '(tasks disagree)', field: 'items', engine: executed.inconsistentTasks, model: 0 });
      group.steps.forEach((step, stepIndex) => {
        const planned = plannedCount(step.count, step.repeat);
        const engine = executed.perItem[stepIndex];
        for (const field of COUNT_FIELDS) {
          if (engine === undefined || engine[field] !== planned[field]) {
            mismatches.push({ plan: execution.plan.layer, group: groupIndex, step: step.label, field, engine: engine?.[field] ?? 0, model: planned[field] });
          }
        }
      });
    });
    const totals = itemTotals(execution, k);
    engineAp += waveUnitCycles(totals, k.caps);
    engineCap += totals.reduce((sum, group) => sum + group.items * group.unit, 0);
  }
  const modelAp = cost?.apUnitCycles ?? Number.NaN;
  const modelCap = cost?.capUnitCycles ?? Number.NaN;
  const sameStrategy = cost?.strategy === strategy;
  return {
    engineApUnitCycles: engineAp,
    modelApUnitCycles: modelAp,
    engineCapUnitCycles: engineCap,
    modelCapUnitCycles: modelCap,
    sameStrategy,
    mismatches,
    passed: mismatches.length === 0 && sameStrategy && engineAp === modelAp && engineCap === modelCap,
  };
}

export interface EnergyCheck {
  /** In-array dynamic energy (compares, writes, column moves, per-instruction control) of the engine's recorded activity. */
  engineJ: number;
  /** The same energy from the plan's counts, whose cell writes assume fair-coin tag probabilities. */
  modelJ: number;
  /** (engine − model) / model. */
  relativeGap: number;
  /** Cells written (Σ rows written × columns written): recorded by the engine, and expected by the model. */
  engineWrittenBits: number;
  modelWrittenBits: number;
  tolerance: number;
  /** Whether the model's compare and write energy equal those of the cost model's layer result (the same plans were priced). */
  modelMatchesCost: boolean;
  /** Whether both energies agree once the cell writes, the one data-dependent term, are left out. */
  dataIndependentMatches: boolean;
  passed: boolean;
}

/** Activity of all items of one executed group, in the cost model's form. */
function executedActivity(execution: PlanExecution): Activity {
  const activity = emptyActivity();
  for (const group of execution.groups) {
    group.perItem.forEach((count, index) => {
      const rows = group.rows[index];
      const items = group.items;
      activity.compares += count.compares * items;
      activity.writes += count.writes * items;
      activity.writtenColumns += count.writtenColumns * items;
      activity.rowReads += count.rowReads * items;
      activity.rowWrites += count.rowWrites * items;
      activity.columnReads += count.columnReads * items;
      activity.columnWrites += count.columnWrites * items;
      activity.instructions += count.cycles * items;
      activity.comparedColumns += count.comparedColumns * items;
      activity.unitCycles += count.cycles * items;
      activity.rowCompares += rows.rowCompares;
      activity.rowComparedBits += rows.rowComparedBits;
      activity.rowWrittenBits += rows.rowWrittenBits;
      activity.rowColumnReads += rows.rowColumnReads;
      activity.rowColumnWrites += rows.rowColumnWrites;
    });
  }
  return activity;
}

/** Compares the energy of the engine's activity with the model's estimate for the same plans. */
export function checkEnergy(executions: PlanExecution[], cost: LayerCost | undefined, k: CostCoefficients, tolerance: number): EnergyCheck {
  let engineJ = 0;
  let modelJ = 0;
  let modelCompareWriteJ = 0;
  let engineWrittenBits = 0;
  let modelWrittenBits = 0;
  let engineFixedJ = 0;
  let modelFixedJ = 0;

  for (const execution of executions) {
    const executed = executedActivity(execution);
    engineJ += activityEnergy(executed, k).totalJ;
    engineFixedJ += activityEnergy({ ...executed, rowWrittenBits: 0 }, k).totalJ;
    engineWrittenBits += executed.rowWrittenBits;
    for (const group of execution.plan.groups) {
      const planned = groupActivity(group).total;
      modelWrittenBits += group.items * planned.rowWrittenBits;
      const energy = activityEnergy(planned, k);
      modelFixedJ += group.items * activityEnergy({ ...planned, rowWrittenBits: 0 }, k).totalJ;
      modelJ += group.items * energy.totalJ;
      modelCompareWriteJ += group.items * (energy.compareJ + energy.writeJ);
    }
  }

  const costCompareWriteJ = cost === undefined ? Number.NaN : cost.energy.compareJ + cost.energy.writeJ;
  const modelMatchesCost = Math.abs(modelCompareWriteJ - costCompareWriteJ) <= 1e-9 * Math.max(1e-30, Math.abs(costCompareWriteJ));
  const relativeGap = modelJ > 0 ? (engineJ - modelJ) / modelJ : 0;
  const dataIndependentMatches = Math.abs(engineFixedJ - modelFixedJ) <= 1e-9 * Math.max(1e-30, Math.abs(modelFixedJ));
  return {
    engineJ,
    modelJ,
    relativeGap,
    engineWrittenBits,
    modelWrittenBits,
    tolerance,
    modelMatchesCost,
    dataIndependentMatches,
    passed: modelMatchesCost && dataIndependentMatches && Math.abs(relativeGap) <= tolerance,
  };
}
