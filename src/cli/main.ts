import yargs from 'yargs';
import { COMMANDS } from './commands.js';
import { applyGlobalOptions, commandOutcome } from './context.js';
import { log } from '../util/logger.js';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, InputError, isInputError } from '../util/errors.js';

/**
 * Runs the bitfluid command line with the given arguments and returns the process exit code:
 * 0 on success, 1 when a check fails, 2 on bad input, 3 on an internal error.
 */
export async function main(argv: string[]): Promise<number> {
  commandOutcome.exitCode = 0;
  const parser = yargs(argv)
    .scriptName('bitfluid')
    .usage('$0 <command> [options]\n\nModel of an associative-processor (AP) accelerator for mixed-precision CNN inference.')
    .option('quiet', { type: 'boolean', describe: 'Print only warnings and errors on stderr' })
    .option('verbose', { type: 'boolean', describe: 'Print debug messages and stack traces on stderr' })
    .middleware((options) => applyGlobalOptions(options))
    .strict()
    .demandCommand(1, 'Name a command; `bitfluid --help` lists them.')
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((message, error) => {
      if (error) throw error;
      const sentence = /[.!?]$/.test(message) ? message : `${message}.`;
      throw new InputError({ expected: `${sentence} Run the command with --help for its options.` });
    });
  for (const command of COMMANDS) parser.command(command);
  parser.command('$0', false, {}, (options) => {
    const name = String(options._[0] ?? '');
    const known = COMMANDS.map((command) => String(command.command).split(' ')[0]).join(', ');
    throw new InputError({
      field: 'command',
      value: name,
      expected: `Name one of the commands: ${known || '(none)'}. \`bitfluid --help\` describes them.`,
    });
  });

  try {
    await parser.parseAsync();
    return commandOutcome.exitCode;
  } catch (error) {
    if (isInputError(error)) {
      log.error(error.message);
      return EXIT_BAD_INPUT;
    }
    const message = error instanceof Error ? error.message : String(error);
    log.error(`internal error: ${message}`);
    if (error instanceof Error && error.stack && log.level === 'debug') {
      process.stderr.write(`${error.stack}\n`);
    } else {
      log.error('This is a bug in bitfluid. Re-run with --verbose to print the stack trace and report it.');
    }
    return EXIT_INTERNAL;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2));
}
