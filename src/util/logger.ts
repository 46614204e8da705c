/**
 * The one logger of bitfluid. Progress, warnings and errors go to stderr so that results on
 * stdout stay machine-readable. Repeated warnings with the same key are printed once and counted.
 */

export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

const LEVEL_RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export interface Logger {
  level: LogLevel;
  error(message: string): void;
  warn(message: string): void;
  /** Prints a warning the first time `key` is seen and counts later repeats. */
  warnOnce(key: string, message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /** Number of times each `warnOnce` key was suppressed after its first print. */
  suppressedWarnings(): Map<string, number>;
}

export interface LoggerOptions {
  level?: LogLevel;
  write?: (text: string) => void;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  const seen = new Map<string, number>();
  const logger: Logger = {
    level: options.level ?? 'info',
    error(message) {
      if (LEVEL_RANK[logger.level] >= LEVEL_RANK.error) write(`error: ${message}\n`);
    },
    warn(message) {
      if (LEVEL_RANK[logger.level] >= LEVEL_RANK.warn) write(`warning: ${message}\n`);
    },
    warnOnce(key, message) {
      const count = seen.get(key);
      if (count === undefined) {
        seen.set(key, 0);
        logger.warn(message);
      } else {
        seen.set(key, count + 1);
      }
    },
    info(message) {
      if (LEVEL_RANK[logger.level] >= LEVEL_RANK.info) write(`${message}\n`);
    },
    debug(message) {
      if (LEVEL_RANK[logger.level] >= LEVEL_RANK.debug) write(`debug: ${message}\n`);
    },
    suppressedWarnings() {
      return new Map([...seen].filter(([, count]) => count > 0));
    },
  };
  return logger;
}

/** The process-wide logger. The CLI sets its level from `--quiet` and `--verbose`. */
export const log: Logger = createLogger({ level: process.env.BITFLUID_LOG_LEVEL as LogLevel | undefined });
