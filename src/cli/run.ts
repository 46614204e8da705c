import type { Argv, CommandModule } from 'yargs';
import { applyOverrides, splitOverrides } from '../arch/overrides.js';
import type { Architecture, Technology } from '../arch/types.js';
import { evaluateNetwork } from '../cost/evaluate.js';
import { formatRunCsv, formatRunText, runResultJson } from '../report/run.js';
import { parseSetOption } from '../sweep/spec-flags.js';
import type { Objective } from '../sweep/types.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { InputError } from '../util/errors.js';
import { log } from '../util/logger.js';
import { writeResult, type GlobalOptions } from './context.js';
import { loadArchitectureOption, loadConfigOption, loadNetworkOption, loadTechnologyOption, checkPointOptions } from './descriptions.js';

interface RunOptions extends GlobalOptions {
  network: string;
  config: string;
  tech: string;
  arch: string;
  vdd?: number;
  batch: number;
  objective: Objective;
  set: string[];
  json?: boolean;
  csv?: string;
  allLayers?: boolean;
}

/**
 * Applies `--set arch.PATH=VALUE` and `--set tech.PATH=VALUE` options (one value each) to an
 * architecture and a technology.
 */
function applySetOptions(arch: Architecture, tech: Technology, options: readonly string[]): { arch: Architecture; tech: Technology } {
  const overrides: Record<string, string | number> = {};
  for (const option of options) {
    const { path, values } = parseSetOption(option);
    if (values.length !== 1) {
      throw new InputError({ field: `--set ${path}`, value: option, expected: 'This command evaluates one point: give one value. `bitfluid sweep` sweeps over lists.' });
    }
    overrides[path] = values[0];
  }
  const split = splitOverrides(overrides);
  return {
    arch: Object.keys(split.arch).length > 0 ? applyOverrides(arch, split.arch) : arch,
    tech: Object.keys(split.tech).length > 0 ? applyOverrides(tech, split.tech) : tech,
  };
}

export const runCommand: CommandModule<GlobalOptions, RunOptions> = {
  command: 'run',
  describe: 'Evaluate one network at one precision config, technology, voltage and batch size',
  builder: (yargs: Argv<GlobalOptions>) =>
    yargs
      .option('network', { type: 'string', default: 'resnet18', describe: 'Bundled network id (`bitfluid list`) or a network file' })
      .option('config', { type: 'string', default: 'int8', describe: 'Precision config id of that network, or a config file' })
      .option('tech', { type: 'string', default: 'sram', describe: 'Technology id (sram, reram) or a technology file' })
      .option('arch', { type: 'string', default: 'bf-imna', describe: 'Architecture id or an architecture file' })
      .option('vdd', { type: 'number', describe: "Supply voltage in volts (default: the technology's reference voltage)" })
      .option('batch', { type: 'number', default: 1, describe: 'Images per batch' })
      .option('objective', { choices: ['edp', 'latency', 'energy'] as const, default: 'edp' as Objective, describe: 'What the mapper minimizes when it picks a strategy per layer' })
      .option('set', { type: 'string', array: true, default: [] as string[], describe: 'Override one architecture or technology number: --set arch.cap.rows=1024 --set tech.energy.writeBit="2 fJ"' })
      .option('json', { type: 'boolean', describe: 'Print one JSON object (totals, layers, provenance) instead of tables' })
      .option('csv', { type: 'string', describe: 'Also write the per-layer rows to this CSV file' })
      .option('all-layers', { type: 'boolean', describe: 'List free layers (folded batch norms, fused ReLUs, flatten) in the table too' }),
  handler: (options) => {
    checkPointOptions(options);

    const network = loadNetworkOption(options.network);
    const config = loadConfigOption(network, options.config);
    const described = applySetOptions(loadArchitectureOption(options.arch), loadTechnologyOption(options.tech), options.set);
    const result = evaluateNetwork({
      network,
      config,
      arch: described.arch,
      tech: described.tech,
      vddV: options.vdd,
      batch: options.batch,
      objective: options.objective,
    });

    for (const warning of result.warnings) log.warn(warning);
    if (options.csv !== undefined) {
      writeFileAtomic(options.csv, formatRunCsv(result));
      log.info(`wrote ${options.csv}`);
    }
    writeResult(options.json ? JSON.stringify(runResultJson(result), null, 2) : formatRunText(result, options.allLayers));
  },
};
