import type { Argv, CommandModule } from 'yargs';
import { listBundledTechnologies, loadBundledTechnology } from '../arch/load.js';
import { listBundledNetworks, loadBundledNetwork } from '../network/load.js';
import { listBundledConfigs, loadBundledConfig } from '../quant/bundled.js';
import { computePrecisionMetrics } from '../quant/metrics.js';
import { resolvePrecision } from '../quant/resolve.js';
import { formatTable } from '../report/table.js';
import { writeResult, type GlobalOptions } from './context.js';

interface ListOptions extends GlobalOptions {
  json?: boolean;
}

interface NetworkEntry {
  id: string;
  model: string;
  layers: number;
  params: number;
  macs: number;
  configs: ConfigEntry[];
}

interface ConfigEntry {
  id: string;
  description?: string;
  /** Reported ImageNet top-1 accuracy, percent. */
  top1?: number;
  /** Reported BOPs, 10^9. */
  reportedBopsG?: number;
  /** BOPs recomputed from the per-layer bits, 10^9: Σ MACs · weightBits · actBits. */
  bopsG: number;
  /** Weight storage recomputed from the per-layer bits, MiB. */
  sizeMiB: number;
  /**
   * Earlier config of the same network with exactly the same per-layer bits, if any. HAWQ-V3
   * published identical bit maps under two names, and their accuracies come from separate runs.
   */
  sameBitsAs?: string;
}

interface TechnologyEntry {
  id: string;
  name: string;
  referenceNodeM: number;
  referenceVddV: number;
  minV: number;
  maxV: number;
  sweepV: number[];
}

/** Collects the bundled networks with their configs, and the bundled technologies. */
export function collectBundled(): { networks: NetworkEntry[]; technologies: TechnologyEntry[] } {
  const networks = listBundledNetworks().map((id): NetworkEntry => {
    const network = loadBundledNetwork(id);
    const bySignature = new Map<string, string>();
    const configs = listBundledConfigs(id).map((entry): ConfigEntry => {
      const config = loadBundledConfig(network, entry.id);
      const resolved = resolvePrecision(config, network);
      const metrics = computePrecisionMetrics(resolved, network);
      const signature = JSON.stringify([...resolved.values()].map((layer) => [layer.layer, layer.weightBits, layer.actBits, layer.actSigned, layer.accBits]));
      const sameBitsAs = bySignature.get(signature);
      if (sameBitsAs === undefined) bySignature.set(signature, config.id);
      const listed: ConfigEntry = {
        id: config.id,
        description: config.description,
        top1: config.meta.top1,
        reportedBopsG: config.meta.bopsG,
        bopsG: metrics.bopsG,
        sizeMiB: metrics.sizeMiB,
      };
      if (sameBitsAs !== undefined) listed.sameBitsAs = sameBitsAs;
      return listed;
    });
    return {
      id,
      model: network.variant.model,
      layers: network.layers.length,
      params: network.totals.params,
      macs: network.totals.macs,
      configs,
    };
  });

  const technologies = listBundledTechnologies().map((id): TechnologyEntry => {
    const tech = loadBundledTechnology(id);
    return {
      id,
      name: tech.name,
      referenceNodeM: tech.reference.nodeM,
      referenceVddV: tech.reference.vddV,
      minV: tech.voltage.minV,
      maxV: tech.voltage.maxV,
      sweepV: tech.voltage.sweepV,
    };
  });

  return { networks, technologies };
}

function formatText(bundled: ReturnType<typeof collectBundled>): string {
  const sections: string[] = [];
  sections.push(
    'Networks (MACs and parameters per image, 224×224 input)\n' +
      formatTable<NetworkEntry>(
        [
          { header: 'network', value: (row) => row.id },
          { header: 'layers', value: (row) => row.layers },
          { header: 'params', value: (row) => row.params.toLocaleString('en-US') },
          { header: 'MACs', value: (row) => row.macs.toLocaleString('en-US') },
          { header: 'configs', value: (row) => row.configs.length },
          { header: 'model', value: (row) => row.model },
        ],
        bundled.networks,
      ),
  );

  for (const network of bundled.networks) {
    sections.push(
      `Precision configs of ${network.id} (BOPs and size recomputed from the per-layer bits; top-1 as reported)\n` +
        formatTable<ConfigEntry>(
          [
            { header: 'config', value: (row) => row.id },
            { header: 'top-1 (%)', value: (row) => row.top1 },
            { header: 'BOPs (G)', value: (row) => row.bopsG, significantDigits: 4 },
            { header: 'reported BOPs (G)', value: (row) => row.reportedBopsG },
            { header: 'size (MiB)', value: (row) => row.sizeMiB, significantDigits: 4 },
            { header: 'same bits as', value: (row) => row.sameBitsAs },
          ],
          network.configs,
        ),
    );
  }

  sections.push(
    'Technologies\n' +
      formatTable<TechnologyEntry>(
        [
          { header: 'tech', value: (row) => row.id },
          { header: 'reference node', unit: 'm', value: (row) => row.referenceNodeM },
          { header: 'reference vdd (V)', value: (row) => row.referenceVddV },
          { header: 'range (V)', value: (row) => `${row.minV}–${row.maxV}` },
          { header: 'sweep voltages (V)', value: (row) => row.sweepV.join(', ') },
          { header: 'name', value: (row) => row.name },
        ],
        bundled.technologies,
      ),
  );
  return sections.join('\n\n');
}

export const listCommand: CommandModule<GlobalOptions, ListOptions> = {
  command: 'list',
  describe: 'List the bundled networks (with MACs and parameters), precision configs and technologies',
  builder: (yargs: Argv<GlobalOptions>) => yargs.option('json', { type: 'boolean', describe: 'Print one JSON object instead of tables' }),
  handler: (options) => {
    const bundled = collectBundled();
    writeResult(options.json ? JSON.stringify(bundled, null, 2) : formatText(bundled));
  },
};
