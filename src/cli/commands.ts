import type { CommandModule } from 'yargs';
import { importCommand } from './import.js';
import { importHawqCommand } from './import-hawq.js';
import { sweepCommand } from './sweep.js';
import { mergeCommand } from './merge.js';
import { listCommand } from './list.js';
import { runCommand } from './run.js';
import { opsCommand } from './ops.js';
import { verifyCommand } from './verify.js';
import { scheduleCommand } from './schedule.js';
import { exportProfileCommand } from './export-profile.js';

/**
 * Every `bitfluid` sub-command, in the order `--help` lists them. Each command lives in its own
 * file under `src/cli/` and is added here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const COMMANDS: CommandModule<any, any>[] = [
  listCommand,
  runCommand,
  importCommand,
  importHawqCommand,
  sweepCommand,
  mergeCommand,
  opsCommand,
  verifyCommand,
  scheduleCommand,
  exportProfileCommand,
];
