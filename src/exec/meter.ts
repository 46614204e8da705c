/**
 * Attribution of engine activity to plan steps. A task runs the steps of one item group on one
 * array in which its work items are stacked (SIMD across CAPs). Every stacked item executes each
 * instruction once, so the array's instruction counts are the counts of one item. The
 * row-weighted counters already sum over all stacked rows.
 */
import type { ApArray, ApCounters } from '../ap/array.js';
import type { InstructionCounts } from '../ap/instructions.js';

/** Instruction counts of one work item: what `OpCount` predicts for a step. */
export type EngineCount = InstructionCounts;

/** Row-weighted activity, summed over every row of every item of a task. */
export interface RowActivity {
  /** Σ active rows over compares (match lines). */
  rowCompares: number;
  /** Σ active rows × masked columns over compares (search bit-lines). */
  rowComparedBits: number;
  /** Σ rows actually written over writes (tagged rows, or all rows for an all-row write). */
  rowsTagged: number;
  /** Σ rows actually written × columns written (cell writes). */
  rowWrittenBits: number;
  /** Σ active rows over column reads and writes (bits through the column port). */
  rowColumnReads: number;
  rowColumnWrites: number;
}

/** Engine activity of one plan step in one task. */
export interface StepTally {
  perItem: EngineCount;
  rows: RowActivity;
}

export const COUNT_FIELDS: readonly (keyof EngineCount)[] = [
  'compares',
  'writes',
  'rowReads',
  'rowWrites',
  'columnReads',
  'columnWrites',
  'cycles',
  'comparedColumns',
  'writtenColumns',
];

export const ROW_FIELDS: readonly (keyof RowActivity)[] = ['rowCompares', 'rowComparedBits', 'rowsTagged', 'rowWrittenBits', 'rowColumnReads', 'rowColumnWrites'];

export function emptyCount(): EngineCount {
  return { compares: 0, writes: 0, rowReads: 0, rowWrites: 0, columnReads: 0, columnWrites: 0, cycles: 0, comparedColumns: 0, writtenColumns: 0 };
}

export function emptyRowActivity(): RowActivity {
  return { rowCompares: 0, rowComparedBits: 0, rowsTagged: 0, rowWrittenBits: 0, rowColumnReads: 0, rowColumnWrites: 0 };
}

export function emptyTally(): StepTally {
  return { perItem: emptyCount(), rows: emptyRowActivity() };
}

/**
 * Records the counter changes of an array between `begin()` and `end(step)` into the tally of
 * that step. The active row count must not change between the two calls.
 */
export class StepMeter {
  readonly tallies: StepTally[];
  private readonly before: ApCounters;
  private open = false;

  constructor(
    private readonly array: ApArray,
    steps: number,
  ) {
    this.tallies = Array.from({ length: steps }, () => emptyTally());
    this.before = { ...array.counters };
  }

  begin(): void {
    Object.assign(this.before, this.array.counters);
    this.open = true;
  }

  end(step: number): void {
    if (!this.open) throw new Error('StepMeter.end called without begin');
    this.open = false;
    const now = this.array.counters;
    const then = this.before;
    const active = this.array.activeRows;
    const tally = this.tallies[step];
    const count = tally.perItem;
    count.compares += now.compares - then.compares;
    count.writes += now.writes - then.writes;
    count.rowReads += now.rowReads - then.rowReads;
    count.rowWrites += now.rowWrites - then.rowWrites;
    count.columnReads += now.columnReads - then.columnReads;
    count.columnWrites += now.columnWrites - then.columnWrites;
    count.cycles += now.cycles - then.cycles;
    count.comparedColumns += now.comparedColumns - then.comparedColumns;
    count.writtenColumns += now.writtenColumns - then.writtenColumns;
    const rows = tally.rows;
    rows.rowCompares += now.rowsCompared - then.rowsCompared;
    rows.rowComparedBits += (now.comparedColumns - then.comparedColumns) * active;
    rows.rowsTagged += now.rowsTagged - then.rowsTagged;
    rows.rowWrittenBits += now.bitsWritten - then.bitsWritten;
    rows.rowColumnReads += (now.columnReads - then.columnReads) * active;
    rows.rowColumnWrites += (now.columnWrites - then.columnWrites) * active;
  }

  /** Runs `body`, attributes its activity to `step` and returns what `body` returns. */
  measure<T>(step: number, body: () => T): T {
    this.begin();
    const result = body();
    this.end(step);
    return result;
  }
}
