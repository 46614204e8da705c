import { OP_CLASSES } from '../mapping/types.js';
import type { ApCostModel } from './ap-cost-model.js';
import { layerOpClass } from './op-classes.js';
import type { ProfileRow } from './profile-csv.js';
import type { WorkItem } from './types.js';

/**
 * Builds the profile rows of one network on the AP. They are one `inference` row (with memory
 * and the cold-load setup cost of an empty partition), one `class` row per operator class, the
 * `GEMM` and `NonGEMM` `group` rows, and one `layer` row per network layer in network order.
 * Free layers are included with zero cost, so row i is layer i. Every latency is time on the
 * AP's one clock, so the class rows, the group rows and the layer rows each sum to the
 * inference row.
 */
export function apProfileRows(model: ApCostModel, work: WorkItem, backend = model.id): ProfileRow[] {
  const whole: WorkItem = { network: work.network, config: work.config, batch: work.batch };
  const result = model.runResult(whole);
  const estimate = model.estimate(whole);
  const footprint = model.footprint(whole);
  const setup = model.setupCost({ resident: [] }, whole);
  const source =
    `bitfluid analytic AP model (estimate, not a measurement): arch ${model.partitionArch.id} with ` +
    `${model.partitionArch.hierarchy.clusters} clusters per partition, tech ${model.tech.id} at ${model.vddV} V, objective ${model.objective}`;
  const base = { backend, model: work.network, precision: work.config, batch: work.batch, source };

  const rows: ProfileRow[] = [
    {
      ...base,
      scope: 'inference',
      name: '',
      latencyS: estimate.latencyS,
      energyJ: estimate.energyJ,
      memoryBytes: footprint.residentBytes,
      weightBytes: footprint.weightBytes,
      setupLatencyS: setup.latencyS,
      setupEnergyJ: setup.energyJ,
      macs: result.totals.macs,
    },
  ];

  for (const opClass of OP_CLASSES) {
    const cost = result.totals.byClass[opClass];
    rows.push({ ...base, scope: 'class', name: opClass, opClass, latencyS: cost.latencyS, energyJ: cost.energyJ });
  }

  const gemm = result.totals.byClass.gemm;
  rows.push({ ...base, scope: 'group', name: 'GEMM', latencyS: gemm.latencyS, energyJ: gemm.energyJ });
  rows.push({ ...base, scope: 'group', name: 'NonGEMM', latencyS: estimate.latencyS - gemm.latencyS, energyJ: estimate.energyJ - gemm.energyJ });

  for (const layer of result.layers) {
    rows.push({ ...base, scope: 'layer', name: layer.name, opClass: layerOpClass(layer.kind), latencyS: layer.latencyS, energyJ: layer.energy.totalJ, macs: layer.macs });
  }
  return rows;
}
