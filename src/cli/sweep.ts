import { basename, dirname } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { bestEdpPerNetwork, formatBestTable } from '../sweep/best.js';
import { bundledEvaluatorModule, loadBundledCatalog } from '../sweep/bundled-model.js';
import type { EvaluatorModule } from '../sweep/evaluator-source.js';
import type { SweepCatalog } from '../sweep/types.js';
import { parseShard, studyHash, type Shard } from '../sweep/grid.js';
import { readJournal } from '../sweep/journal.js';
import { resolveStudy, type ResolvedStudy } from '../sweep/resolve.js';
import { runSweep } from '../sweep/run.js';
import { uniqueRunName, validateRunName } from '../sweep/run-name.js';
import { applyStudyFlags, type StudyFlags } from '../sweep/spec-flags.js';
import { defaultStudySpec, readStudySpecFile } from '../sweep/spec.js';
import { InputError } from '../util/errors.js';
import { log } from '../util/logger.js';
import { commandOutcome, writeResult, type GlobalOptions } from './context.js';

/** Exit code of a sweep stopped by SIGINT, as shells report a process ended by that signal (128 + 2). */
export const EXIT_INTERRUPTED = 130;

interface SweepOptions extends GlobalOptions, StudyFlags {
  spec?: string;
  jobs: number;
  shard?: string;
  resume?: string;
  out?: string;
  name?: string;
  json?: boolean;
}

const STUDY_OPTIONS = ['spec', 'network', 'config', 'tech', 'vdd', 'batch', 'objective', 'set'] as const;

/** Normalizes a repeatable string option to a list. */
const toList = (value: unknown): string[] | undefined => (value === undefined ? undefined : ([] as unknown[]).concat(value).map(String));

/** Source of the sweep command's evaluator and catalog. Tests substitute a stand-in model. */
export interface SweepModel {
  evaluator: () => EvaluatorModule;
  catalog: () => Promise<SweepCatalog>;
}

/** The `sweep` command with the bundled cost model and catalog. */
export const sweepCommand = createSweepCommand({ evaluator: bundledEvaluatorModule, catalog: loadBundledCatalog });

/** Builds the `sweep` command over a given model. */
export function createSweepCommand(model: SweepModel): CommandModule<GlobalOptions, SweepOptions> {
  return {
    command: 'sweep',
    describe:
      'Evaluate a design-space study (networks × precision configs × technology × vdd × batch × overrides) and report latency, energy and EDP',
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .usage(
          '$0 sweep [options]\n\nWithout options it runs the default study: every bundled network with its bundled configs, both technologies at their sweep voltages, batch 1 and 16. Options override the fields of --spec.',
        )
        .option('spec', { type: 'string', describe: 'Study spec file (YAML) with networks, configs, tech, vdd, batch, objective and set' })
        .option('network', { type: 'string', coerce: toList, describe: 'Network ids, comma-separated or repeated, or "all"' })
        .option('config', {
          type: 'string',
          coerce: toList,
          describe: 'Precision config ids, or "all"; NETWORK=IDS gives the configs of one network, for example resnet18=int8,int4',
        })
        .option('tech', { type: 'string', coerce: toList, describe: 'Technology ids (sram, reram), or "all"' })
        .option('vdd', {
          type: 'string',
          coerce: toList,
          describe: 'Supply voltages in volts (0.7 or "700 mV"), or "default" for each technology\'s sweep voltages; TECH=LIST sets one technology',
        })
        .option('batch', { type: 'string', coerce: toList, describe: 'Batch sizes (images per batch), for example 1,16' })
        .option('objective', { type: 'string', coerce: toList, describe: 'What the per-layer mapper minimizes: edp, latency or energy' })
        .option('set', {
          type: 'string',
          coerce: toList,
          describe: 'Override PATH=VALUE, repeatable; a comma list or a YAML flow list sweeps the values, for example arch.cap.rows=512,1024',
        })
        .option('jobs', { type: 'number', default: 1, describe: 'Worker threads that evaluate points' })
        .option('shard', { type: 'string', describe: 'Evaluate shard K of N (K/N): the grid points with index % N == K-1' })
        .option('resume', { type: 'string', describe: 'Continue the sweep journal FILE (<out>/<name>.jsonl) with its missing points' })
        .option('out', { type: 'string', describe: 'Folder of the results (default: results)' })
        .option('name', { type: 'string', describe: 'Run name, the file name of the results (default: sweep-<UTC time>); an existing run of that name is continued' })
        .option('json', { type: 'boolean', describe: 'Print { files, best } as JSON on stdout instead of the best-EDP table' }),
    handler: (options) => runSweepCommand(options, model),
  };
}

async function runSweepCommand(options: SweepOptions, model: SweepModel): Promise<void> {
  const jobs = options.jobs;
  if (!Number.isSafeInteger(jobs) || jobs < 1) {
    throw new InputError({ field: '--jobs', value: jobs, expected: 'Give a positive whole number of worker threads, for example --jobs 4.' });
  }
  const requestedShard = options.shard === undefined ? undefined : parseShard(options.shard);
  const evaluator = model.evaluator();

  const studyGiven = STUDY_OPTIONS.some((option) => options[option] !== undefined);
  const resolveFromOptions = async (): Promise<ResolvedStudy> => {
    const catalog = await model.catalog();
    const base = options.spec === undefined ? defaultStudySpec() : readStudySpecFile(options.spec);
    return resolveStudy(applyStudyFlags(base, options), catalog, (message) => log.warn(message));
  };

  let study: ResolvedStudy;
  let shard: Shard | undefined;
  let outDir: string;
  let name: string;
  if (options.resume !== undefined) {
    ({ study, shard, outDir, name } = planResume(options, requestedShard));
    if (studyGiven && studyHash(await resolveFromOptions()) !== studyHash(study)) {
      throw new InputError({
        file: options.resume,
        field: 'specHash',
        expected: 'The journal belongs to a different study than the options describe. Run --resume without study options to continue it as it was started.',
      });
    }
  } else {
    study = await resolveFromOptions();
    shard = requestedShard;
    outDir = options.out ?? 'results';
    if (options.name !== undefined) validateRunName(options.name);
    name = options.name ?? uniqueRunName(outDir, shard === undefined ? 'sweep' : `sweep-${shard.k}of${shard.n}`);
  }

  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts++;
    if (interrupts === 1) {
      log.warn('interrupted: finishing the points in flight, then writing the partial results (press Ctrl-C again to exit at once)');
      controller.abort();
    } else {
      log.warn('interrupted again: exiting without writing the partial results; the journal keeps every finished row');
      process.exit(EXIT_INTERRUPTED);
    }
  };
  process.on('SIGINT', onInterrupt);

  let result;
  try {
    result = await runSweep({ study, shard, outDir, name, evaluator, jobs, signal: controller.signal, quiet: options.quiet });
  } finally {
    process.off('SIGINT', onInterrupt);
  }

  const resumeCommand = `bitfluid sweep --resume ${quoteArgument(result.files.journal)}${jobs > 1 ? ` --jobs ${jobs}` : ''}`;
  if (result.interrupted) {
    log.warn(`stopped after ${result.rows.length} of ${result.points} points; continue with: ${resumeCommand}`);
    commandOutcome.exitCode = EXIT_INTERRUPTED;
  } else if (!result.complete) {
    log.warn(`${result.points - result.rows.length} of ${result.points} points have no result; continue with: ${resumeCommand}`);
  }
  log.info(`wrote ${Object.values(result.files).join(', ')}`);

  const best = bestEdpPerNetwork(result.rows);
  if (options.json) {
    const summary = { files: result.files, best, points: result.points, rows: result.rows.length, complete: result.complete, interrupted: result.interrupted };
    writeResult(JSON.stringify(summary, null, 2));
  } else if (best.length > 0) {
    writeResult(`Lowest EDP per network (${result.rows.length} of ${result.points} points evaluated):\n\n${formatBestTable(best)}`);
  }
}

/** Takes study, shard, folder and name from the journal given to --resume. */
function planResume(options: SweepOptions, requestedShard: Shard | undefined): { study: ResolvedStudy; shard: Shard | undefined; outDir: string; name: string } {
  const journalPath = options.resume as string;
  if (!journalPath.endsWith('.jsonl')) {
    throw new InputError({ field: '--resume', value: journalPath, expected: 'Give the sweep journal, the <out>/<name>.jsonl file of the run to continue.' });
  }
  for (const option of ['out', 'name'] as const) {
    if (options[option] !== undefined) {
      throw new InputError({ field: `--${option}`, value: options[option], expected: 'With --resume the results go next to the journal under its name; leave out --out and --name.' });
    }
  }

  const { header } = readJournal(journalPath);
  const shard = header.shard ?? undefined;
  if (requestedShard !== undefined && (shard === undefined || shard.k !== requestedShard.k || shard.n !== requestedShard.n)) {
    throw new InputError({
      field: '--shard',
      value: options.shard,
      expected: `The journal covers ${shard === undefined ? 'the whole grid' : `shard ${shard.k}/${shard.n}`}. Leave out --shard when resuming.`,
    });
  }
  return { study: header.spec, shard, outDir: dirname(journalPath), name: basename(journalPath, '.jsonl') };
}

/** Quotes a path for a POSIX shell when it contains anything but safe characters. */
function quoteArgument(text: string): string {
  return /^[\w./+=:-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

