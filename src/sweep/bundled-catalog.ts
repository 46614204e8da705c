import { listBundledTechnologies, loadBundledArchitecture, loadBundledTechnology } from '../arch/load.js';
import { applyOverrides, splitOverrides } from '../arch/overrides.js';
import type { Architecture, ArchOverrides, Technology } from '../arch/types.js';
import { listBundledNetworks, loadBundledNetwork } from '../network/load.js';
import type { ResolvedNetwork } from '../network/types.js';
import { listBundledConfigs, loadBundledConfig } from '../quant/bundled.js';
import type { PrecisionConfig } from '../quant/types.js';
import type { CatalogConfig, SweepCatalog } from './types.js';

/**
 * Loads bundled descriptions once per process (each worker thread has its own copy), so a sweep
 * reads every file once however many points use it.
 */
export class DescriptionCache {
  private readonly networks = new Map<string, ResolvedNetwork>();
  private readonly configs = new Map<string, PrecisionConfig>();
  private readonly architectures = new Map<string, Architecture>();
  private readonly technologies = new Map<string, Technology>();

  network(id: string): ResolvedNetwork {
    let network = this.networks.get(id);
    if (!network) {
      network = loadBundledNetwork(id);
      this.networks.set(id, network);
    }
    return network;
  }

  config(networkId: string, id: string): PrecisionConfig {
    const key = `${networkId}/${id}`;
    let config = this.configs.get(key);
    if (!config) {
      config = loadBundledConfig(this.network(networkId), id);
      this.configs.set(key, config);
    }
    return config;
  }

  /** Returns the bundled BF-IMNA architecture with the `arch.` overrides of a point applied. */
  architecture(overrides: ArchOverrides): Architecture {
    const key = JSON.stringify(overrides);
    let arch = this.architectures.get(key);
    if (!arch) {
      const base = this.architectures.get('{}') ?? loadBundledArchitecture();
      this.architectures.set('{}', base);
      arch = Object.keys(overrides).length === 0 ? base : applyOverrides(base, overrides);
      this.architectures.set(key, arch);
    }
    return arch;
  }

  /** Returns a bundled technology with the `tech.` overrides of a point applied. */
  technology(id: string, overrides: ArchOverrides): Technology {
    const key = `${id}|${JSON.stringify(overrides)}`;
    let tech = this.technologies.get(key);
    if (!tech) {
      const baseKey = `${id}|{}`;
      const base = this.technologies.get(baseKey) ?? loadBundledTechnology(id);
      this.technologies.set(baseKey, base);
      tech = Object.keys(overrides).length === 0 ? base : applyOverrides(base, overrides);
      this.technologies.set(key, tech);
    }
    return tech;
  }
}

/** Creates the sweep catalog over the bundled networks, precision configs and technologies. */
export function createBundledCatalog(cache = new DescriptionCache()): SweepCatalog {
  return {
    networks: () => listBundledNetworks(),
    configs: (network: string): CatalogConfig[] =>
      listBundledConfigs(network).map((entry) => {
        const top1 = cache.config(network, entry.id).meta.top1;
        return top1 === undefined ? { id: entry.id } : { id: entry.id, top1 };
      }),
    technologies: () => listBundledTechnologies(),
    sweepVoltages: (tech: string) => cache.technology(tech, {}).voltage.sweepV,
    voltageRange: (tech: string) => {
      const { minV, maxV } = cache.technology(tech, {}).voltage;
      return { minV, maxV };
    },
    validateOverride: (path: string, value: string | number) => {
      const split = splitOverrides({ [path]: value });
      if (Object.keys(split.arch).length > 0) cache.architecture(split.arch);
      for (const tech of listBundledTechnologies()) {
        if (Object.keys(split.tech).length > 0) cache.technology(tech, split.tech);
      }
    },
  };
}
