import { log, type LogLevel } from '../util/logger.js';

/** Options every command accepts. */
export interface GlobalOptions {
  quiet?: boolean;
  verbose?: boolean;
}

/** Writes a result to stdout. Progress and warnings go through the logger to stderr instead. */
export function writeResult(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Sets the logger level from `--quiet` and `--verbose`. */
export function applyGlobalOptions(options: GlobalOptions): void {
  let level: LogLevel = 'info';
  if (options.quiet) level = 'warn';
  if (options.verbose) level = 'debug';
  log.level = level;
}

/**
 * Exit code chosen by the command that ran. Handlers set it when a check fails; the default is
 * success.
 */
export const commandOutcome = { exitCode: 0 };
