import { InputError } from '../util/errors.js';
import { log } from '../util/logger.js';
import { expandGrid } from './grid.js';
import { pickIdentity, readJournal, type SweepIdentity } from './journal.js';
import { readResultsFile } from './outputs.js';
import { rowsEqual, sortRows } from './rows.js';
import type { SweepRow } from './types.js';

/** The rows of one journal or results file, with the identity of its sweep. */
export interface SweepRecord {
  path: string;
  identity: SweepIdentity;
  rows: SweepRow[];
}

/** Reads a sweep journal (`.jsonl`) or results file (`.json`). */
export function readSweepRecord(path: string): SweepRecord {
  if (path.endsWith('.jsonl')) {
    const journal = readJournal(path);
    return { path, identity: pickIdentity(journal.header), rows: journal.rows };
  }
  if (path.endsWith('.json')) {
    const results = readResultsFile(path);
    return { path, identity: pickIdentity(results), rows: results.rows };
  }
  throw new InputError({ file: path, expected: 'Pass sweep journals (<name>.jsonl) or results files (<name>.json) written by bitfluid sweep.' });
}

/** Two rows with one key and different values, from two inputs. */
export interface MergeConflict {
  key: string;
  index: number;
  /** Input whose row was kept. */
  keptFrom: string;
  /** Input whose row was dropped. */
  droppedFrom: string;
}

export interface MergeResult {
  /** The identity of the whole sweep: the inputs' study, no shard. */
  identity: SweepIdentity;
  /** The union of the rows, in grid order. */
  rows: SweepRow[];
  /** Rows dropped because an identical row came earlier. */
  duplicates: number;
  /** Rows dropped because a different row with the same key came earlier; the earlier one is kept. */
  conflicts: MergeConflict[];
  /** Grid points that no input has a row for. */
  missing: number;
}

/**
 * Merges the rows of sweeps of one study, typically its shards. Every input must have the same
 * spec hash. Rows are joined by key; an identical repeat is dropped, and a conflicting one is
 * dropped and reported, keeping the row of the earlier input.
 */
export function mergeSweepRecords(records: SweepRecord[]): MergeResult {
  if (records.length === 0) throw new InputError({ field: 'inputs', expected: 'Pass at least one journal or results file to merge.' });

  const first = records[0];
  for (const record of records.slice(1)) {
    if (record.identity.specHash !== first.identity.specHash) {
      throw new InputError({
        file: record.path,
        field: 'specHash',
        value: record.identity.specHash.slice(0, 16),
        expected: `Every input must come from the same study, but ${first.path} has spec hash ${first.identity.specHash.slice(0, 16)}. Merge only shards of one sweep.`,
      });
    }
    if (record.identity.bitfluidVersion !== first.identity.bitfluidVersion) {
      log.warn(`${record.path} was written by bitfluid ${record.identity.bitfluidVersion} and ${first.path} by ${first.identity.bitfluidVersion}`);
    }
  }

  const grid = expandGrid(first.identity.spec);
  const gridKeys = new Set(grid.map((point) => point.key));
  const rowsByKey = new Map<string, { row: SweepRow; path: string }>();
  const conflicts: MergeConflict[] = [];
  let duplicates = 0;

  for (const record of records) {
    for (const row of record.rows) {
      if (!gridKeys.has(row.key)) {
        throw new InputError({
          file: record.path,
          field: `row ${row.index}`,
          value: row.key,
          expected: 'The row belongs to no point of the study in the file header, so the file is damaged. Remove it from the merge.',
        });
      }
      const earlier = rowsByKey.get(row.key);
      if (earlier === undefined) {
        rowsByKey.set(row.key, { row, path: record.path });
      } else if (rowsEqual(earlier.row, row)) {
        duplicates++;
      } else {
        conflicts.push({ key: row.key, index: row.index, keptFrom: earlier.path, droppedFrom: record.path });
      }
    }
  }

  const rows = sortRows([...rowsByKey.values()].map((entry) => entry.row));
  const identity: SweepIdentity = { ...first.identity, shard: null };
  return { identity, rows, duplicates, conflicts, missing: grid.length - rows.length };
}
