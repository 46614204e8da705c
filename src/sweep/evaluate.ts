import { evaluateNetwork } from '../cost/evaluate.js';
import { splitOverrides } from '../arch/overrides.js';
import { DescriptionCache } from './bundled-catalog.js';
import type { PointEvaluator, SweepPoint, SweepRow } from './types.js';

const descriptions = new DescriptionCache();

/**
 * Evaluates one sweep point with the cost model over the bundled descriptions. Descriptions and
 * mappings are cached per process, so the points after the first of a (network, config, batch,
 * geometry) only price the mapped layers at their voltage.
 */
export const evaluatePoint: PointEvaluator = (point: SweepPoint): SweepRow => {
  const overrides = splitOverrides(point.overrides);
  const network = descriptions.network(point.network);
  const config = descriptions.config(point.network, point.config);
  const result = evaluateNetwork({
    network,
    config,
    arch: descriptions.architecture(overrides.arch),
    tech: descriptions.technology(point.tech, overrides.tech),
    vddV: point.vddV,
    batch: point.batch,
    objective: point.objective,
    detail: 'totals',
  });

  const { totals } = result;
  const row: SweepRow = {
    ...point,
    latencyS: totals.latencyS,
    energyJ: totals.energyJ,
    edpJs: totals.edpJs,
    gops: totals.gops,
    topsPerW: totals.topsPerW,
    cycles: totals.cycles,
    utilization: totals.utilization,
  };
  if (config.meta.top1 !== undefined) row.top1 = config.meta.top1;
  return row;
};
