import { availableParallelism } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { formatVerifyText, loadTensorFile, parseFault, verifyNetwork, verifyReportJson } from '../exec/index.js';
import type { Strategy } from '../mapping/types.js';
import { EXIT_CHECK_FAILED, InputError } from '../util/errors.js';
import { log } from '../util/logger.js';
import { commandOutcome, writeResult, type GlobalOptions } from './context.js';
import { loadArchitectureOption, loadConfigOption, loadNetworkOption, loadTechnologyOption } from './descriptions.js';

interface VerifyCliOptions extends GlobalOptions {
  network: string;
  config: string;
  layers?: string[];
  seed: number;
  tech: string;
  arch: string;
  strategy?: Strategy;
  batch: number;
  jobs?: number;
  data?: string;
  'energy-tolerance'?: number;
  'flip-output-bit'?: string;
  json?: boolean;
}

function checkInteger(option: string, value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError({ field: `--${option}`, value, expected: `Give ${what} as a whole number from ${min} to ${max}.` });
  }
  return value;
}

export const verifyCommand: CommandModule<GlobalOptions, VerifyCliOptions> = {
  command: 'verify',
  describe: 'Run layers bit by bit on the AP engine and check outputs (onnxruntime), cycles and energy (cost model)',
  builder: (yargs: Argv<GlobalOptions>) =>
    yargs
      .option('network', { type: 'string', default: 'resnet18', describe: 'Bundled network id (`bitfluid list`) or a network file' })
      .option('config', { type: 'string', default: 'int8', describe: 'Precision config id of that network, or a config file' })
      .option('layers', { type: 'string', array: true, describe: 'Layers to run, each on seeded inputs of its own (default: the whole network, each layer feeding the next)' })
      .option('seed', { type: 'number', default: 1, describe: 'Seed of the random inputs, weights and biases' })
      .option('tech', { type: 'string', default: 'sram', describe: 'Technology id (sram, reram) or a technology file' })
      .option('arch', { type: 'string', default: 'bf-imna', describe: 'Architecture id or an architecture file' })
      .option('strategy', { choices: ['product-reduce', 'output-broadcast'] as const, describe: 'Run conv and fc layers with this GEMM strategy only (default: the one the mapper chooses)' })
      .option('batch', { type: 'number', default: 1, describe: 'Images per batch' })
      .option('jobs', { type: 'number', describe: 'Worker threads that run work items (default: the available cores)' })
      .option('data', { type: 'string', describe: 'JSON tensor file with inputs, weights or biases to use instead of random ones (docs/verification.md)' })
      .option('energy-tolerance', { type: 'number', describe: 'Largest relative energy gap that passes, as a fraction (default 0.65; SRAM gaps measure below 0.03)' })
      .option('flip-output-bit', { type: 'string', hidden: true, describe: 'Self-test: flip bit BIT of output ELEMENT of LAYER after the engine ran (LAYER:ELEMENT:BIT)' })
      .option('json', { type: 'boolean', describe: 'Print one JSON object instead of the table' }),
  handler: async (options) => {
    const seed = checkInteger('seed', options.seed, 0, 2 ** 32 - 1, 'the seed');
    const batch = checkInteger('batch', options.batch, 1, 1024, 'the batch size');
    const jobs = checkInteger('jobs', options.jobs ?? availableParallelism(), 1, 256, 'the number of worker threads');
    const tolerance = options['energy-tolerance'];
    if (tolerance !== undefined && !(tolerance >= 0 && Number.isFinite(tolerance))) {
      throw new InputError({ field: '--energy-tolerance', value: tolerance, expected: 'Give the tolerance as a non-negative fraction, for example 0.1 for ±10%.' });
    }
    const network = loadNetworkOption(options.network);
    const config = loadConfigOption(network, options.config);
    const report = await verifyNetwork({
      network,
      config,
      arch: loadArchitectureOption(options.arch),
      tech: loadTechnologyOption(options.tech),
      batch,
      seed,
      layers: options.layers,
      strategies: options.strategy === undefined ? undefined : [options.strategy],
      jobs,
      data: options.data === undefined ? undefined : loadTensorFile(options.data),
      energyTolerance: tolerance,
      fault: options['flip-output-bit'] === undefined ? undefined : parseFault(options['flip-output-bit']),
      onLayer: (layer, seconds) => log.info(`${layer}: ran in ${seconds.toFixed(1)} s`),
    });
    writeResult(options.json ? JSON.stringify(verifyReportJson(report), null, 2) : formatVerifyText(report));
    if (!report.passed) commandOutcome.exitCode = EXIT_CHECK_FAILED;
  },
};
