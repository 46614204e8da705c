/**
 * bitfluid library entry point. It re-exports the public types and functions of each module.
 */
export * from './util/errors.js';
export { createLogger, log, type Logger, type LogLevel } from './util/logger.js';
export { writeFileAtomic } from './util/atomic-write.js';
export { SeededRandom } from './util/random.js';
export * from './network/index.js';
export * from './quant/index.js';
export * from './arch/index.js';
export * from './report/index.js';
export * from './sweep/index.js';
export * from './ap/index.js';
export * from './mapping/index.js';
export * from './cost/index.js';
export * from './schedule/index.js';
export * from './exec/index.js';
