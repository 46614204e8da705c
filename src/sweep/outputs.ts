import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { formatCsv, type CsvCell } from '../report/csv.js';
import { InputError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { checkSpecHash, sweepIdentitySchema, type SweepIdentity } from './journal.js';
import { sweepRowSchema } from './rows.js';
import type { SweepRow } from './types.js';

/** Files of one sweep run, all in the output folder and named after the run. */
export interface SweepFiles {
  journal: string;
  csv: string;
  json: string;
  /** EDP against top-1 plot of the ResNet18 configs, when the run has such rows. */
  plotSvg?: string;
  /** The vega-lite spec of that plot. */
  plotSpec?: string;
}

/** Returns the journal, CSV and JSON paths of a run named `name` in `outDir`. */
export function sweepFilePaths(outDir: string, name: string): SweepFiles {
  return {
    journal: join(outDir, `${name}.jsonl`),
    csv: join(outDir, `${name}.csv`),
    json: join(outDir, `${name}.json`),
  };
}

export const RESULTS_FORMAT = 'bitfluid-sweep-results';
export const RESULTS_FORMAT_VERSION = 1;

/** Content of `<name>.json`: the sweep identity, completeness and the rows in grid order. */
export interface SweepResults extends SweepIdentity {
  format: typeof RESULTS_FORMAT;
  formatVersion: number;
  /** Whether every point this run covers (its shard, or the whole grid) has a row. */
  complete: boolean;
  /** Points this run covers. */
  points: number;
  rows: SweepRow[];
}

const sweepResultsSchema = sweepIdentitySchema.extend({
  format: z.literal(RESULTS_FORMAT),
  formatVersion: z.literal(RESULTS_FORMAT_VERSION),
  complete: z.boolean(),
  points: z.number().int().nonnegative(),
  rows: z.array(sweepRowSchema),
});

/** Row fields before the override columns, in CSV column order. */
const POINT_COLUMNS = ['index', 'key', 'network', 'config', 'tech', 'vddV', 'batch', 'objective'] as const;
/** Row fields after the override columns. */
const METRIC_COLUMNS = ['latencyS', 'energyJ', 'edpJs', 'gops', 'topsPerW', 'top1', 'cycles', 'utilization'] as const;

/**
 * Formats rows as CSV: the point fields, one column per override path (named by the path), the
 * metrics, then any further scalar fields the evaluator added. Numbers are written with
 * `String(n)`, which round-trips every double exactly.
 */
export function formatSweepCsv(rows: SweepRow[], overridePaths: string[]): string {
  const paths = [...overridePaths];
  const extra: string[] = [];
  const known = new Set<string>([...POINT_COLUMNS, ...METRIC_COLUMNS, 'overrides']);
  for (const row of rows) {
    for (const path of Object.keys(row.overrides)) if (!paths.includes(path)) paths.push(path);
    for (const [field, value] of Object.entries(row)) {
      const scalar = value === null || typeof value !== 'object';
      if (scalar && !known.has(field) && !extra.includes(field)) extra.push(field);
    }
  }

  const header = [...POINT_COLUMNS, ...paths, ...METRIC_COLUMNS, ...extra];
  const records = rows.map((row) => {
    const fields = row as unknown as Record<string, CsvCell>;
    return [
      ...POINT_COLUMNS.map((column) => fields[column]),
      ...paths.map((path) => row.overrides[path]),
      ...METRIC_COLUMNS.map((column) => fields[column]),
      ...extra.map((column) => fields[column]),
    ];
  });
  return formatCsv(header, records);
}

/** Formats the results JSON with one row per line, which keeps large files readable and diffable. */
export function formatSweepJson(results: SweepResults): string {
  const { rows, ...head } = results;
  const headText = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  const rowText = rows.map((row) => `    ${JSON.stringify(row)}`).join(',\n');
  return `${headText},\n  "rows": [${rows.length === 0 ? '' : `\n${rowText}\n  `}]\n}\n`;
}

/** Writes the CSV and JSON of a run atomically. `rows` must be in grid order. */
export function writeResultTables(files: SweepFiles, identity: SweepIdentity, rows: SweepRow[], points: number): void {
  const results: SweepResults = {
    format: RESULTS_FORMAT,
    formatVersion: RESULTS_FORMAT_VERSION,
    bitfluidVersion: identity.bitfluidVersion,
    specHash: identity.specHash,
    spec: identity.spec,
    shard: identity.shard,
    gridPoints: identity.gridPoints,
    complete: rows.length >= points,
    points,
    rows,
  };
  const overridePaths = identity.spec.overrides.map((override) => override.path);
  writeFileAtomic(files.csv, formatSweepCsv(rows, overridePaths));
  writeFileAtomic(files.json, formatSweepJson(results));
}

/** Reads a results JSON file written by `writeResultTables`. */
export function readResultsFile(path: string): SweepResults {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError({ file: path, expected: `Could not read the sweep results: ${reason}.` });
  }

  const parsed = sweepResultsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError({
      file: path,
      field: issue.path.map(String).join('.'),
      expected: `The file is not a bitfluid sweep results file (${issue.message}). Pass a <name>.json or <name>.jsonl written by bitfluid sweep.`,
    });
  }
  const results = parsed.data as SweepResults;
  checkSpecHash(path, results);
  return results;
}
