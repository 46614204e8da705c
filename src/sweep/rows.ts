import { z } from 'zod';
import { canonicalJson } from './canonical.js';
import { OBJECTIVES } from './spec.js';
import type { Objective, SweepRow } from './types.js';

const finite = z.number().refine(Number.isFinite, 'expected a finite number');

/**
 * Schema of a result row read back from a journal or a results file. Unknown extra fields are
 * kept, so rows from a newer cost model with more fields pass through unchanged.
 */
export const sweepRowSchema = z.looseObject({
  index: z.number().int().nonnegative(),
  key: z.string().min(1),
  network: z.string(),
  config: z.string(),
  tech: z.string(),
  vddV: finite,
  batch: z.number().int().positive(),
  objective: z.enum(OBJECTIVES as [Objective, ...Objective[]]),
  overrides: z.record(z.string(), z.union([z.string(), finite])),
  latencyS: finite,
  energyJ: finite,
  edpJs: finite,
  gops: finite,
  topsPerW: finite,
  top1: finite.optional(),
  cycles: finite,
  utilization: finite,
});

/** Returns the rows sorted by grid index. */
export function sortRows(rows: Iterable<SweepRow>): SweepRow[] {
  return [...rows].sort((a, b) => a.index - b.index);
}

/** Returns true when two rows are equal field by field, with numbers compared exactly. */
export function rowsEqual(a: SweepRow, b: SweepRow): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * Returns the row fields that JSON cannot store exactly (NaN, infinities), or an empty list.
 * Rows are written to journals as JSON, where such numbers would turn into null.
 */
export function nonFiniteFields(row: SweepRow): string[] {
  return Object.entries(row)
    .filter(([, value]) => typeof value === 'number' && !Number.isFinite(value))
    .map(([field]) => field);
}
