import { OP_CLASSES, type ItemGroup, type OpClass, type PlanStep } from '../mapping/types.js';

/**
 * What one work item does, independent of technology and voltage: instruction counts and the
 * row-weighted counts the energy model multiplies by per-event energies.
 */
export interface Activity {
  compares: number;
  writes: number;
  /** Σ written columns over writes (for write drivers, and for cycles without multi-column writes). */
  writtenColumns: number;
  rowReads: number;
  rowWrites: number;
  columnReads: number;
  columnWrites: number;
  instructions: number;
  /** Σ masked columns over compares (key and mask drivers). */
  comparedColumns: number;
  /** Σ active rows over compares (match lines). */
  rowCompares: number;
  /** Σ active rows × masked columns over compares (search bit-lines). */
  rowComparedBits: number;
  /** Σ expected rows × columns written over writes (cell writes). */
  rowWrittenBits: number;
  /** Σ active rows over column reads and writes (bits moved through the column port). */
  rowColumnReads: number;
  rowColumnWrites: number;
  /** Unit-cycle count: one per instruction, as the AP microcode counts them. */
  unitCycles: number;
}

const ACTIVITY_FIELDS: (keyof Activity)[] = [
  'compares',
  'writes',
  'writtenColumns',
  'rowReads',
  'rowWrites',
  'columnReads',
  'columnWrites',
  'instructions',
  'comparedColumns',
  'rowCompares',
  'rowComparedBits',
  'rowWrittenBits',
  'rowColumnReads',
  'rowColumnWrites',
  'unitCycles',
];

export function emptyActivity(): Activity {
  const activity = {} as Activity;
  for (const field of ACTIVITY_FIELDS) activity[field] = 0;
  return activity;
}

/** Adds `scale` × `from` into `into`. */
export function addActivity(into: Activity, from: Activity, scale = 1): void {
  for (const field of ACTIVITY_FIELDS) into[field] += from[field] * scale;
}

function addStep(into: Activity, step: PlanStep): void {
  const { count, repeat, rows } = step;
  into.compares += count.compares * repeat;
  into.writes += count.writes * repeat;
  into.writtenColumns += count.writtenColumns * repeat;
  into.rowReads += count.rowReads * repeat;
  into.rowWrites += count.rowWrites * repeat;
  into.columnReads += count.columnReads * repeat;
  into.columnWrites += count.columnWrites * repeat;
  into.instructions += count.instructions * repeat;
  into.comparedColumns += count.comparedColumns * repeat;
  into.rowCompares += count.compares * rows * repeat;
  into.rowComparedBits += count.comparedColumns * rows * repeat;
  into.rowWrittenBits += count.expectedWrittenBitsPerRow * rows * repeat;
  into.rowColumnReads += count.columnReads * rows * repeat;
  into.rowColumnWrites += count.columnWrites * rows * repeat;
  into.unitCycles += count.cycles * repeat;
}

/** Activity of one item of a group, in total and split by operator class. */
export interface GroupActivity {
  total: Activity;
  byClass: Map<OpClass, Activity>;
}

const cache = new WeakMap<ItemGroup, GroupActivity>();

/** Sums the steps of one item of the group (cached per group object). */
export function groupActivity(group: ItemGroup): GroupActivity {
  const cached = cache.get(group);
  if (cached) return cached;

  const total = emptyActivity();
  const byClass = new Map<OpClass, Activity>();
  for (const step of group.steps) {
    addStep(total, step);
    let classActivity = byClass.get(step.opClass);
    if (!classActivity) {
      classActivity = emptyActivity();
      byClass.set(step.opClass, classActivity);
    }
    addStep(classActivity, step);
  }

  const result = { total, byClass };
  cache.set(group, result);
  return result;
}

/** Operator classes in report order. */
export { OP_CLASSES };
