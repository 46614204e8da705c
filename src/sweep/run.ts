import { existsSync, mkdirSync } from 'node:fs';
import { InputError } from '../util/errors.js';
import { log } from '../util/logger.js';
import { bitfluidVersion } from './canonical.js';
import type { EvaluatorSource } from './evaluator-source.js';
import { expandGrid, formatShard, selectShard, studyHash, type Shard } from './grid.js';
import { JournalWriter, createJournalHeader, readJournal, type SweepIdentity } from './journal.js';
import { sweepFilePaths, writeResultTables, type SweepFiles } from './outputs.js';
import { writeEdpTop1Plot } from './plots.js';
import { createProgressReporter } from './progress.js';
import type { ResolvedStudy } from './resolve.js';
import { sortRows } from './rows.js';
import { evaluatePoints } from './runner.js';
import type { SweepPoint, SweepRow } from './types.js';

export interface SweepRunOptions {
  study: ResolvedStudy;
  /** Evaluate one shard of the grid; the whole grid when absent. */
  shard?: Shard;
  outDir: string;
  /** Run name: the files are `<outDir>/<name>.jsonl`, `.csv`, `.json`. */
  name: string;
  evaluator: EvaluatorSource;
  /** Worker threads, 1 by default (evaluation in this thread). */
  jobs?: number;
  /** Aborting stops the run after the points in flight and writes the partial results. */
  signal?: AbortSignal;
  /** No progress output. */
  quiet?: boolean;
  /** Draw a progress bar; by default when stderr is a terminal. */
  progressBar?: boolean;
  /** Time between rewrites of the CSV and JSON during a run, in milliseconds; 10 s by default. */
  snapshotIntervalMs?: number;
}

export interface SweepRunResult {
  files: SweepFiles;
  identity: SweepIdentity;
  /** Every row of this run, resumed ones included, in grid order. */
  rows: SweepRow[];
  /** Points this run covers: its shard, or the whole grid. */
  points: number;
  /** Rows read back from an existing journal. */
  resumedRows: number;
  /** Whether the signal stopped the run before every point had a row. */
  interrupted: boolean;
  complete: boolean;
}

/** Default time between rewrites of the CSV and JSON during a run, in milliseconds. */
const SNAPSHOT_INTERVAL_MS = 10_000;

/**
 * Runs a sweep. If `<outDir>/<name>.jsonl` exists, the run resumes it: the journal must belong
 * to the same study (spec hash) and shard, and only points without a row are evaluated.
 * Rows are appended to the journal as they finish, the CSV and JSON are rewritten atomically
 * every `snapshotIntervalMs` and at the end, and a complete run also writes the ResNet18
 * EDP against top-1 plot.
 */
export async function runSweep(options: SweepRunOptions): Promise<SweepRunResult> {
  const grid = expandGrid(options.study);
  const selected = selectShard(grid, options.shard);
  const identity: SweepIdentity = {
    bitfluidVersion: bitfluidVersion(),
    specHash: studyHash(options.study),
    spec: options.study,
    shard: options.shard ?? null,
    gridPoints: grid.length,
  };
  const files = sweepFilePaths(options.outDir, options.name);
  mkdirSync(options.outDir, { recursive: true });

  const { writer, resumed } = openJournal(files.journal, identity, selected);
  const rowsByKey = new Map(resumed.map((row) => [row.key, row]));
  const pending = selected.filter((point) => !rowsByKey.has(point.key));
  if (resumed.length > 0) {
    log.info(`resuming ${files.journal}: ${resumed.length} of ${selected.length} points done, ${pending.length} to evaluate`);
  }

  const progress = createProgressReporter({
    total: selected.length,
    initial: rowsByKey.size,
    quiet: options.quiet ?? false,
    interactive: options.progressBar,
  });
  let rowsSinceSnapshot = 0;
  const snapshot = (): void => {
    if (rowsSinceSnapshot === 0) return;
    rowsSinceSnapshot = 0;
    writeResultTables(files, identity, sortRows(rowsByKey.values()), selected.length);
  };
  const snapshotTimer = setInterval(snapshot, options.snapshotIntervalMs ?? SNAPSHOT_INTERVAL_MS);
  snapshotTimer.unref();

  let stopped = false;
  try {
    const outcome = await evaluatePoints({
      points: pending,
      evaluator: options.evaluator,
      jobs: options.jobs,
      signal: options.signal,
      onRows: (rows) => {
        writer.append(rows);
        for (const row of rows) rowsByKey.set(row.key, row);
        rowsSinceSnapshot += rows.length;
        progress.update(rowsByKey.size);
      },
    });
    stopped = outcome.stopped;
  } finally {
    clearInterval(snapshotTimer);
    progress.stop();
    writer.close();
  }

  const rows = sortRows(rowsByKey.values());
  writeResultTables(files, identity, rows, selected.length);
  const complete = rows.length === selected.length;
  const interrupted = stopped && !complete;
  if (!interrupted) {
    const plot = await writeEdpTop1Plot(options.outDir, options.name, rows);
    if (plot !== undefined) {
      files.plotSvg = plot.svg;
      files.plotSpec = plot.spec;
    }
  }
  return { files, identity, rows, points: selected.length, resumedRows: resumed.length, interrupted, complete };
}

/** Creates the journal, or reopens an existing one after checking that it belongs to this sweep. */
function openJournal(path: string, identity: SweepIdentity, selected: SweepPoint[]): { writer: JournalWriter; resumed: SweepRow[] } {
  if (!existsSync(path)) {
    return { writer: JournalWriter.create(path, createJournalHeader(identity)), resumed: [] };
  }

  // NOTE: nothing locks the journal, so two runs of the same name at once would interleave rows.
  const journal = readJournal(path);
  checkJournalMatches(path, journal.header, identity);
  const selectedKeys = new Set(selected.map((point) => point.key));
  for (const row of journal.rows) {
    if (!selectedKeys.has(row.key)) {
      throw new InputError({
        file: path,
        field: 'key',
        value: row.key,
        expected: 'The journal has a row for a point outside this sweep, although the spec hash matches. The journal is damaged; delete it and start again.',
      });
    }
  }
  if (journal.droppedPartialLine) log.info(`${path}: dropped a truncated last line; that point is evaluated again`);
  return { writer: JournalWriter.reopen(path, journal.completeBytes), resumed: journal.rows };
}

/** Raises an `InputError` unless a journal header has the study hash and shard of `identity`. */
export function checkJournalMatches(path: string, header: SweepIdentity, identity: SweepIdentity): void {
  if (header.specHash !== identity.specHash) {
    throw new InputError({
      file: path,
      field: 'specHash',
      value: header.specHash.slice(0, 16),
      expected: `The journal belongs to a different study than the one requested (spec hash ${identity.specHash.slice(0, 16)}). Resume it alone with bitfluid sweep --resume ${path}, choose another --name or --out, or delete the journal to start over.`,
    });
  }

  const headerShard = header.shard === null ? 'the whole grid' : `shard ${formatShard(header.shard)}`;
  const requestedShard = identity.shard === null ? 'the whole grid' : `shard ${formatShard(identity.shard)}`;
  if (headerShard !== requestedShard) {
    throw new InputError({
      file: path,
      field: 'shard',
      value: header.shard === null ? null : formatShard(header.shard),
      expected: `The journal covers ${headerShard}, but ${requestedShard} was requested. Use the same --shard, or another --name.`,
    });
  }

  if (header.bitfluidVersion !== identity.bitfluidVersion) {
    log.warn(
      `${path} was written by bitfluid ${header.bitfluidVersion} and is continued by ${identity.bitfluidVersion}; if the cost model changed in between, delete the journal and run the sweep again`,
    );
  }
}
