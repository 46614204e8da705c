import type { Argv, CommandModule } from 'yargs';
import { ApCostModel, type Objective } from '../schedule/ap-cost-model.js';
import { apProfileRows } from '../schedule/export-profile.js';
import { formatProfileCsv } from '../schedule/profile-csv.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { log } from '../util/logger.js';
import { writeResult, type GlobalOptions } from './context.js';
import { loadArchitectureOption, loadTechnologyOption, checkPointOptions } from './descriptions.js';

interface ExportProfileOptions extends GlobalOptions {
  network: string;
  config: string;
  tech: string;
  arch: string;
  vdd?: number;
  batch: number;
  partitions: number;
  objective: Objective;
  backend?: string;
  out?: string;
}

export const exportProfileCommand: CommandModule<GlobalOptions, ExportProfileOptions> = {
  command: 'export-profile',
  describe: 'Write the AP costs of one network as a profile CSV (inference, per-class and per-layer rows) for schedulers',
  builder: (yargs: Argv<GlobalOptions>) =>
    yargs
      .option('network', { type: 'string', demandOption: true, describe: 'Bundled network id (`bitfluid list`)' })
      .option('config', { type: 'string', demandOption: true, describe: 'Bundled precision config id of that network' })
      .option('tech', { type: 'string', default: 'sram', describe: 'Technology id (sram, reram) or a technology file' })
      .option('arch', { type: 'string', default: 'bf-imna', describe: 'Architecture id or an architecture file' })
      .option('vdd', { type: 'number', describe: "Supply voltage in volts (default: the technology's reference voltage)" })
      .option('batch', { type: 'number', default: 1, describe: 'Images per request' })
      .option('partitions', { type: 'number', default: 1, describe: 'Partitions the chip is split into; the rows describe one partition' })
      .option('objective', { choices: ['latency', 'edp', 'energy'] as const, default: 'latency' as Objective, describe: 'What the mapper minimizes when it picks a strategy per layer' })
      .option('backend', { type: 'string', describe: 'Value of the backend column (default: ap-<tech>)' })
      .option('out', { type: 'string', describe: 'Write the CSV to this file instead of stdout' }),
  handler: (options) => {
    checkPointOptions(options);

    const tech = loadTechnologyOption(options.tech);
    const model = new ApCostModel({
      id: options.backend ?? `ap-${tech.id}`,
      tech,
      arch: loadArchitectureOption(options.arch),
      vddV: options.vdd,
      partitions: options.partitions,
      objective: options.objective,
    });
    // Unknown networks and configs raise an InputError here. A work too large for one partition
    // is still exported, with the cost model's warning that its activation spills are not priced.
    const work = { network: options.network, config: options.config, batch: options.batch };
    const csv = formatProfileCsv(apProfileRows(model, work));
    for (const warning of model.warnings) log.warn(warning);
    if (options.out === undefined) {
      writeResult(csv);
      return;
    }
    writeFileAtomic(options.out, csv);
    log.info(`wrote ${options.out}`);
  },
};
