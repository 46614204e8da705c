import { existsSync } from 'node:fs';
import { loadArchitecture, loadBundledArchitecture, loadBundledTechnology, loadTechnology } from '../arch/load.js';
import type { Architecture, Technology } from '../arch/types.js';
import { loadBundledNetwork, loadNetworkFile } from '../network/load.js';
import type { ResolvedNetwork } from '../network/types.js';
import { loadBundledConfig } from '../quant/bundled.js';
import { loadPrecisionConfig } from '../quant/parse.js';
import type { PrecisionConfig } from '../quant/types.js';
import { InputError } from '../util/errors.js';

/**
 * Options that name a description accept a bundled id (`resnet18`, `int8`, `sram`) or a path to
 * a file of that kind. A value that names an existing file, or ends in .json/.yaml/.yml, is a path.
 */
function isPath(value: string): boolean {
  return /\.(json|ya?ml)$/i.test(value) || existsSync(value);
}

export function loadNetworkOption(value: string): ResolvedNetwork {
  return isPath(value) ? loadNetworkFile(value) : loadBundledNetwork(value);
}

export function loadConfigOption(network: ResolvedNetwork, value: string): PrecisionConfig {
  return isPath(value) ? loadPrecisionConfig(value, network) : loadBundledConfig(network, value);
}

export function loadArchitectureOption(value: string): Architecture {
  return isPath(value) ? loadArchitecture(value) : loadBundledArchitecture(value);
}

export function loadTechnologyOption(value: string): Technology {
  return isPath(value) ? loadTechnology(value) : loadBundledTechnology(value);
}

/** Checks the `--batch` and `--vdd` options of a command that evaluates one point. */
export function checkPointOptions(options: { batch: number; vdd?: number }): void {
  if (!Number.isInteger(options.batch) || options.batch < 1) {
    throw new InputError({ field: '--batch', value: options.batch, expected: 'The batch size is a whole number of images, at least 1.' });
  }
  if (options.vdd !== undefined && !Number.isFinite(options.vdd)) {
    throw new InputError({ field: '--vdd', value: options.vdd, expected: 'Give the supply voltage as a plain number of volts, without a unit, for example --vdd 0.8.' });
  }
}
