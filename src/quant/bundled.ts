import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedNetwork } from '../network/types.js';
import { InputError } from '../util/errors.js';
import { BUNDLED } from '../util/paths.js';
import { loadPrecisionConfig } from './parse.js';
import type { PrecisionConfig } from './types.js';

/** One bundled precision config: `quant-configs/<network>/<id>.yaml`. */
export interface BundledConfigEntry {
  network: string;
  id: string;
  file: string;
}

/** Lists the bundled precision configs, of one network or of all, sorted by network and id. */
export function listBundledConfigs(networkId?: string): BundledConfigEntry[] {
  const root = BUNDLED.quantConfigs;
  if (!existsSync(root)) return [];
  const networks = networkId === undefined ? readdirSync(root).filter((name) => statSync(join(root, name)).isDirectory()) : [networkId];

  const entries: BundledConfigEntry[] = [];
  for (const network of networks) {
    const folder = join(root, network);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      if (name.endsWith('.yaml')) entries.push({ network, id: name.slice(0, -'.yaml'.length), file: join(folder, name) });
    }
  }
  return entries.sort((a, b) => a.network.localeCompare(b.network) || a.id.localeCompare(b.id));
}

/**
 * Loads the bundled config `id` of `network` and validates it against that network. The caller
 * passes the resolved network because this module does not load network files.
 */
export function loadBundledConfig(network: ResolvedNetwork, id: string): PrecisionConfig {
  const entry = listBundledConfigs(network.id).find((candidate) => candidate.id === id);
  if (entry === undefined) {
    const known = listBundledConfigs(network.id).map((candidate) => candidate.id);
    throw new InputError({
      field: 'config',
      value: id,
      expected:
        known.length === 0
          ? `No precision configs are bundled for network "${network.id}"; pass a config file instead.`
          : `Bundled configs of network "${network.id}" are ${known.join(', ')}; pick one or pass a config file.`,
    });
  }
  return loadPrecisionConfig(entry.file, network);
}
