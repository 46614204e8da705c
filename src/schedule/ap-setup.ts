import type { Architecture } from '../arch/types.js';
import type { CostCoefficients } from '../cost/coefficients.js';

/** Time of each stage of a weight load and the load's total latency and energy. */
export interface WeightLoadCost {
  /** Bits read from off-chip memory over the off-chip channel. */
  offChipS: number;
  /** The same bits over the global interconnect (H-tree) into the partition. */
  globalLinkS: number;
  /** The same bits over the cluster buses, which run in parallel. */
  clusterBusS: number;
  /** Row writes into the MAPs, which run in parallel across MAPs. */
  rowWriteS: number;
  latencyS: number;
  energyJ: number;
}

/**
 * Prices writing `weightBits` of weights into the MAP rows of one AP partition, which is what a
 * cold load, a swap or a precision change costs on the AP. The weights stream from off-chip
 * memory over the global interconnect and the cluster buses into the MAPs' row ports. The
 * stages are pipelined, so the latency is that of the slowest stage:
 *
 * - off-chip: weightBits / off-chip bandwidth;
 * - global link: ⌈weightBits / global width⌉ transfers, one per issue interval;
 * - cluster buses: ⌈weightBits / (cluster width · clusters)⌉ transfers, one per issue interval;
 * - row writes: ⌈⌈weightBits / MAP columns⌉ / MAPs⌉ rows per MAP, each taking the technology's
 *   row-write time in whole cycles.
 *
 * Energy: every bit pays the off-chip energy, the global and cluster link energies and the
 * technology's row-write energy per bit. On top, the partition's arrays leak and its controllers
 * draw static power for the duration of the load.
 *
 * `arch` and `k` describe one partition (its cluster count already divided).
 */
export function weightLoadCost(weightBits: number, arch: Architecture, k: CostCoefficients): WeightLoadCost {
  if (weightBits <= 0) return { offChipS: 0, globalLinkS: 0, clusterBusS: 0, rowWriteS: 0, latencyS: 0, energyJ: 0 };

  const { global, cluster } = arch.interconnect;
  const offChipS = weightBits / k.offChipBitsPerS;
  const globalLinkS = Math.ceil(weightBits / global.widthBits) * global.issueIntervalCycles * k.clockPeriodS;
  const clusterBusS = Math.ceil(weightBits / (cluster.widthBits * arch.hierarchy.clusters)) * cluster.issueIntervalCycles * k.clockPeriodS;

  const rows = Math.ceil(weightBits / arch.map.columns);
  const rowsPerMap = Math.ceil(rows / arch.hierarchy.maps);
  const rowWriteS = rowsPerMap * k.cycles.rowWrite * k.clockPeriodS;

  // NOTE: the pipeline fill (the links' latency cycles) is left out; it is a few cycles against
  // loads of millions of cycles.
  const latencyS = Math.max(offChipS, globalLinkS, clusterBusS, rowWriteS);

  const perBitJ = k.offChipJPerBit + k.globalLinkJPerBit + k.clusterLinkJPerBit + k.mapWriteJPerBit;
  const staticW = k.arrayLeakageW + k.controllerStaticW;
  const energyJ = weightBits * perBitJ + staticW * latencyS;
  return { offChipS, globalLinkS, clusterBusS, rowWriteS, latencyS, energyJ };
}
