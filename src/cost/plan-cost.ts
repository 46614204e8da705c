import { OP_CLASSES, type ItemGroup, type OpClass, type WorkPlan } from '../mapping/types.js';
import { groupActivity, type Activity } from './activity.js';
import type { CostCoefficients } from './coefficients.js';
import type { ClassCost, EnergyBreakdown, PlanCost } from './types.js';

export function emptyEnergy(): EnergyBreakdown {
  return { compareJ: 0, writeJ: 0, moveJ: 0, leakageJ: 0, controlJ: 0, totalJ: 0 };
}

export function emptyClasses(): Record<OpClass, ClassCost> {
  const classes = {} as Record<OpClass, ClassCost>;
  for (const opClass of OP_CLASSES) classes[opClass] = { latencyS: 0, energyJ: 0 };
  return classes;
}

/** Technology cycles of an activity: unit counts times the cycles each instruction kind takes. */
export function computeCycles(activity: Activity, k: CostCoefficients): number {
  const writeEvents = k.writeCyclesPerColumn ? activity.writtenColumns : activity.writes;
  return (
    activity.compares * k.cycles.compare +
    writeEvents * k.cycles.write +
    activity.rowReads * k.cycles.rowRead +
    activity.rowWrites * k.cycles.rowWrite +
    activity.columnReads * k.cycles.columnRead +
    activity.columnWrites * k.cycles.columnWrite
  );
}

/** Dynamic energy of an activity inside one CAP, split by component. */
export function activityEnergy(activity: Activity, k: CostCoefficients): EnergyBreakdown {
  const e = k.energy;
  const compareJ = activity.rowCompares * e.matchLineJ + activity.rowComparedBits * e.compareBitJ + activity.comparedColumns * e.keyDriverJ;
  const writeJ = activity.writtenColumns * e.writeDriverJ + activity.rowWrittenBits * e.writeBitJ;
  // NOTE: word-serial row moves (rowReads/rowWrites) are not priced here: no mapping strategy
  // issues them, and their width in bits is not part of the count.
  const moveJ = activity.rowColumnReads * e.columnReadBitJ + activity.rowColumnWrites * e.columnWriteBitJ;
  const controlJ = activity.instructions * k.controllerJPerInstruction;
  return { compareJ, writeJ, moveJ, leakageJ: 0, controlJ, totalJ: compareJ + writeJ + moveJ + controlJ };
}

/** Total dynamic energy of an activity, the sum of `activityEnergy`'s components. */
function activityEnergyJ(activity: Activity, k: CostCoefficients): number {
  const e = k.energy;
  return (
    activity.rowCompares * e.matchLineJ +
    activity.rowComparedBits * e.compareBitJ +
    activity.comparedColumns * e.keyDriverJ +
    activity.writtenColumns * e.writeDriverJ +
    activity.rowWrittenBits * e.writeBitJ +
    activity.rowColumnReads * e.columnReadBitJ +
    activity.rowColumnWrites * e.columnWriteBitJ +
    activity.instructions * k.controllerJPerInstruction
  );
}

function itemTrafficBits(group: ItemGroup): number {
  return group.traffic.mapToCapBits + group.traffic.capToMapBits + group.traffic.keyBits;
}

/** Energy of one item's MAP↔CAP traffic: MAP port accesses plus the cluster bus. */
function trafficEnergyJ(group: ItemGroup, k: CostCoefficients): number {
  const { mapToCapBits, capToMapBits, keyBits } = group.traffic;
  const mapAccessJ = (mapToCapBits + keyBits) * k.mapReadJPerBit + capToMapBits * k.mapWriteJPerBit;
  return mapAccessJ + itemTrafficBits(group) * k.clusterLinkJPerBit;
}

/** Cycles to move a wave's traffic: items spread over the clusters, each cluster bus serial. */
function waveTransferCycles(items: number, bitsPerItem: number, k: CostCoefficients): number {
  if (bitsPerItem === 0) return 0;
  const itemsPerCluster = Math.ceil(items / k.clusters);
  const transfers = Math.ceil((itemsPerCluster * bitsPerItem) / k.clusterLink.widthBits);
  return transfers * k.clusterLink.issueIntervalCycles + k.clusterLink.latencyCycles;
}

interface GroupTiming {
  group: ItemGroup;
  compute: number;
  unit: number;
  bits: number;
}

/**
 * Prices a work plan at the coefficients' voltage. Items are issued in plan order, one per CAP,
 * in waves of at most `k.caps` items; a wave lasts as long as its slowest item's computation,
 * combined with its transfers (their maximum when transfers overlap computation, else their sum).
 * Static power (array leakage and controllers) is charged over the plan's latency.
 */
export function costPlan(plan: WorkPlan, k: CostCoefficients): PlanCost {
  const energy = emptyEnergy();
  const byClass = emptyClasses();
  let items = 0;
  let rowsPerItem = 0;
  let capUnitCycles = 0;
  let busyRowCycles = 0;
  const timings: GroupTiming[] = [];

  for (const group of plan.groups) {
    const activity = groupActivity(group);
    const compute = computeCycles(activity.total, k);
    timings.push({ group, compute, unit: activity.total.unitCycles, bits: itemTrafficBits(group) });
    items += group.items;
    rowsPerItem = Math.max(rowsPerItem, group.rows);
    capUnitCycles += group.items * activity.total.unitCycles;
    busyRowCycles += group.items * group.rows * compute;

    addEnergy(energy, activityEnergy(activity.total, k), group.items);
    for (const [opClass, classActivity] of activity.byClass) {
      byClass[opClass].energyJ += group.items * activityEnergyJ(classActivity, k);
    }
    const trafficJ = group.items * trafficEnergyJ(group, k);
    energy.moveJ += trafficJ;
    energy.totalJ += trafficJ;
    byClass.memory.energyJ += trafficJ;
  }

  const waves = walkWaves(timings, k, byClass);
  const latencyS = waves.cycles * k.clockPeriodS;
  chargeStaticPower(energy, byClass, latencyS, k);

  return {
    strategy: plan.strategy,
    items,
    waves: waves.count,
    rowsPerItem,
    apUnitCycles: waves.unitCycles,
    capUnitCycles,
    computeCycles: waves.computeCycles,
    transferCycles: waves.transferCycles,
    cycles: waves.cycles,
    latencyS,
    energy,
    byClass,
    busyRowCycles,
  };
}

export function addEnergy(into: EnergyBreakdown, from: EnergyBreakdown, scale = 1): void {
  into.compareJ += from.compareJ * scale;
  into.writeJ += from.writeJ * scale;
  into.moveJ += from.moveJ * scale;
  into.leakageJ += from.leakageJ * scale;
  into.controlJ += from.controlJ * scale;
  into.totalJ += from.totalJ * scale;
}

/** Charges leakage and controller static power over `latencyS`, split over classes by latency. */
export function chargeStaticPower(energy: EnergyBreakdown, byClass: Record<OpClass, ClassCost>, latencyS: number, k: CostCoefficients): void {
  const leakageJ = k.arrayLeakageW * latencyS;
  const staticControlJ = k.controllerStaticW * latencyS;
  energy.leakageJ += leakageJ;
  energy.controlJ += staticControlJ;
  energy.totalJ += leakageJ + staticControlJ;

  const classLatencyS = OP_CLASSES.reduce((sum, opClass) => sum + byClass[opClass].latencyS, 0);
  if (classLatencyS === 0) return;
  for (const opClass of OP_CLASSES) {
    byClass[opClass].energyJ += ((leakageJ + staticControlJ) * byClass[opClass].latencyS) / classLatencyS;
  }
}

interface WaveTotals {
  count: number;
  cycles: number;
  computeCycles: number;
  transferCycles: number;
  unitCycles: number;
}

/** Walks the items wave by wave (whole waves of one group in bulk) and attributes latency to classes. */
function walkWaves(timings: GroupTiming[], k: CostCoefficients, byClass: Record<OpClass, ClassCost>): WaveTotals {
  const totals: WaveTotals = { count: 0, cycles: 0, computeCycles: 0, transferCycles: 0, unitCycles: 0 };
  let open: { items: number; slowest: GroupTiming; bits: number } | undefined;

  const closeWaves = (slowest: GroupTiming, itemsPerWave: number, bits: number, repeat: number): void => {
    const transfer = waveTransferCycles(itemsPerWave, bits, k);
    const cycles = k.overlapTransfers ? Math.max(slowest.compute, transfer) : slowest.compute + transfer;
    totals.count += repeat;
    totals.cycles += repeat * cycles;
    totals.computeCycles += repeat * slowest.compute;
    totals.transferCycles += repeat * transfer;
    totals.unitCycles += repeat * slowest.unit;
    attributeLatency(slowest.group, slowest.compute, cycles - slowest.compute, repeat, k, byClass);
  };

  for (const timing of timings) {
    let remaining = timing.group.items;
    if (open !== undefined) {
      const take = Math.min(remaining, k.caps - open.items);
      open.items += take;
      if (timing.compute > open.slowest.compute) open.slowest = timing;
      open.bits = Math.max(open.bits, timing.bits);
      remaining -= take;
      if (open.items === k.caps) {
        closeWaves(open.slowest, open.items, open.bits, 1);
        open = undefined;
      }
    }
    const fullWaves = Math.floor(remaining / k.caps);
    if (fullWaves > 0) closeWaves(timing, k.caps, timing.bits, fullWaves);
    const rest = remaining - fullWaves * k.caps;
    if (rest > 0) open = { items: rest, slowest: timing, bits: timing.bits };
  }
  if (open !== undefined) closeWaves(open.slowest, open.items, open.bits, 1);
  return totals;
}

/** Splits a wave's compute cycles over classes by their share of the item's cycles; waiting for transfers is memory. */
function attributeLatency(group: ItemGroup, compute: number, transferWait: number, repeat: number, k: CostCoefficients, byClass: Record<OpClass, ClassCost>): void {
  const activity = groupActivity(group);
  if (compute > 0) {
    for (const [opClass, classActivity] of activity.byClass) {
      byClass[opClass].latencyS += repeat * computeCycles(classActivity, k) * k.clockPeriodS;
    }
  }
  byClass.memory.latencyS += repeat * transferWait * k.clockPeriodS;
}
