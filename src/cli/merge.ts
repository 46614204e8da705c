import { existsSync, mkdirSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { bestEdpPerNetwork, formatBestTable } from '../sweep/best.js';
import { createJournalHeader, readJournal, writeJournalFile } from '../sweep/journal.js';
import { mergeSweepRecords, readSweepRecord } from '../sweep/merge.js';
import { sweepFilePaths, writeResultTables } from '../sweep/outputs.js';
import { writeEdpTop1Plot } from '../sweep/plots.js';
import { uniqueRunName, validateRunName } from '../sweep/run-name.js';
import { EXIT_CHECK_FAILED, InputError } from '../util/errors.js';
import { log } from '../util/logger.js';
import { commandOutcome, writeResult, type GlobalOptions } from './context.js';

interface MergeOptions extends GlobalOptions {
  inputs: string[];
  out: string;
  name?: string;
  json?: boolean;
}

/** Conflicting rows printed one by one; the rest are counted. */
const MAX_CONFLICTS_LISTED = 10;

export const mergeCommand: CommandModule<GlobalOptions, MergeOptions> = {
  command: 'merge <inputs..>',
  describe: 'Join the journals or results of sweep shards into one result set (CSV, JSON, plot and a resumable journal)',
  builder: (yargs: Argv<GlobalOptions>) =>
    yargs
      .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'Sweep journals (.jsonl) or results files (.json) of one study' })
      .option('out', { type: 'string', default: 'results', describe: 'Folder of the merged results' })
      .option('name', { type: 'string', describe: 'Name of the merged results (default: merged-<UTC time>)' })
      .option('json', { type: 'boolean', describe: 'Print { files, best } as JSON on stdout instead of the best-EDP table' }),
  handler: runMergeCommand,
};

async function runMergeCommand(options: MergeOptions): Promise<void> {
  if (options.name !== undefined) validateRunName(options.name);
  const records = options.inputs.map((path) => readSweepRecord(path));
  const merged = mergeSweepRecords(records);

  const name = options.name ?? uniqueRunName(options.out, 'merged');
  const files = sweepFilePaths(options.out, name);
  if (existsSync(files.journal) && readJournal(files.journal).header.specHash !== merged.identity.specHash) {
    throw new InputError({
      file: files.journal,
      expected: 'A journal of another study already has this name. Choose another --name or --out.',
    });
  }

  mkdirSync(options.out, { recursive: true });
  writeJournalFile(files.journal, createJournalHeader(merged.identity), merged.rows);
  writeResultTables(files, merged.identity, merged.rows, merged.identity.gridPoints);
  const plot = await writeEdpTop1Plot(options.out, name, merged.rows);
  if (plot !== undefined) {
    files.plotSvg = plot.svg;
    files.plotSpec = plot.spec;
  }

  if (merged.duplicates > 0) log.info(`dropped ${merged.duplicates} identical duplicate rows`);
  for (const conflict of merged.conflicts.slice(0, MAX_CONFLICTS_LISTED)) {
    log.error(`point #${conflict.index} (key ${conflict.key}) has different results in ${conflict.keptFrom} and ${conflict.droppedFrom}; kept the row of ${conflict.keptFrom}`);
  }
  if (merged.conflicts.length > MAX_CONFLICTS_LISTED) log.error(`${merged.conflicts.length - MAX_CONFLICTS_LISTED} more conflicting rows`);
  if (merged.conflicts.length > 0) commandOutcome.exitCode = EXIT_CHECK_FAILED;
  if (merged.missing > 0) {
    log.warn(`${merged.missing} of ${merged.identity.gridPoints} grid points have no result in the inputs; evaluate them with: bitfluid sweep --resume ${files.journal}`);
  }
  log.info(`wrote ${Object.values(files).join(', ')}`);

  const best = bestEdpPerNetwork(merged.rows);
  if (options.json) {
    const summary = { files, best, points: merged.identity.gridPoints, rows: merged.rows.length, duplicates: merged.duplicates, conflicts: merged.conflicts.length, missing: merged.missing };
    writeResult(JSON.stringify(summary, null, 2));
  } else if (best.length > 0) {
    writeResult(`Lowest EDP per network (${merged.rows.length} of ${merged.identity.gridPoints} points):\n\n${formatBestTable(best)}`);
  }
}
