import type { CommandModule } from 'yargs';
import { opsCommand } from './ops.js';

/**
 * Every `bitfluid` sub-command, in the order `--help` lists them. Each command lives in its own
 * file under `src/cli/` and is added here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const COMMANDS: CommandModule<any, any>[] = [
  opsCommand,
];
