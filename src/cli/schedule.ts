import type { Argv, CommandModule } from 'yargs';
import { loadScenario, scenarioPath } from '../schedule/scenario.js';
import { runScenario } from '../schedule/run.js';
import { formatScheduleText, scheduleJson } from '../schedule/report.js';
import { ApCostModel } from '../schedule/ap-cost-model.js';
import { InputError } from '../util/errors.js';
import { log } from '../util/logger.js';
import { writeResult, type GlobalOptions } from './context.js';

interface ScheduleOptions extends GlobalOptions {
  scenario: string;
  seed?: number;
  json?: boolean;
}

export const scheduleCommand: CommandModule<GlobalOptions, ScheduleOptions> = {
  command: 'schedule <scenario>',
  describe: 'Simulate five dispatch policies on a multi-model scenario and solve its ILP placement',
  builder: (yargs: Argv<GlobalOptions>) =>
    yargs
      .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file (YAML or JSON), or the id of a bundled scenario such as edge-mix' })
      .option('seed', { type: 'number', describe: "Seed of the Poisson arrivals (default: the scenario's seed, else 1)" })
      .option('json', { type: 'boolean', describe: 'Print one JSON object with the metrics of every policy and the placement' }),
  handler: async (options) => {
    if (options.seed !== undefined && !Number.isInteger(options.seed)) {
      throw new InputError({ field: '--seed', value: options.seed, expected: 'The seed is a whole number, for example --seed 7.' });
    }

    const scenario = loadScenario(scenarioPath(options.scenario));
    const run = await runScenario(scenario, options.seed ?? scenario.seed);
    for (const backend of scenario.backends) {
      if (backend.model instanceof ApCostModel) for (const warning of backend.model.warnings) log.warn(warning);
    }
    writeResult(options.json ? JSON.stringify(scheduleJson(run), null, 2) : formatScheduleText(run));
  },
};
