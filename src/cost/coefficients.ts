import { clockAtVoltageHz, scaleTechnology } from '../arch/voltage.js';
import type { Architecture, ScaledTechnology, Technology, TechnologyEnergy } from '../arch/types.js';

/** Cycles one instruction of each kind takes at a given supply voltage. */
export interface CyclesPerInstruction {
  compare: number;
  write: number;
  rowRead: number;
  rowWrite: number;
  columnRead: number;
  columnWrite: number;
}

/**
 * Every number the cost model needs at one supply voltage, derived once per (architecture,
 * technology, voltage) so that evaluating a layer is only arithmetic.
 */
export interface CostCoefficients {
  vddV: number;
  clockHz: number;
  clockPeriodS: number;
  cycles: CyclesPerInstruction;
  /** Whether a write costs one cycle per written column (multi-column writes disabled). */
  writeCyclesPerColumn: boolean;
  energy: TechnologyEnergy;
  /** Per bit moved over a cluster bus, scaled with the dynamic-energy factor. */
  clusterLinkJPerBit: number;
  /** Per bit moved over the global interconnect, scaled with the dynamic-energy factor. */
  globalLinkJPerBit: number;
  /** Per bit read from or written into a MAP through its row port. */
  mapReadJPerBit: number;
  mapWriteJPerBit: number;
  /** Controller energy per issued instruction per AP, scaled with the dynamic-energy factor. */
  controllerJPerInstruction: number;
  /** Leakage of every CAP and MAP (cells and periphery) at this voltage. */
  arrayLeakageW: number;
  /** Static power of the controllers of every CAP and MAP at this voltage. */
  controllerStaticW: number;
  clusterLink: { widthBits: number; issueIntervalCycles: number; latencyCycles: number };
  clusters: number;
  caps: number;
  capRows: number;
  overlapTransfers: boolean;
  offChipBitsPerS: number;
  offChipJPerBit: number;
  /** Capacity of all MAPs in bits. */
  mapCapacityBits: number;
  scaled: ScaledTechnology;
}

/** Whole cycles an event of `timeS` takes at a clock period, at least one. */
function cyclesFor(timeS: number, periodS: number): number {
  // The small tolerance keeps 0.5 ns at a 0.5 ns period at one cycle despite rounding.
  return Math.max(1, Math.ceil(timeS / periodS - 1e-9));
}

/**
 * Derives the cost coefficients at `vddV`. Architecture energies (interconnect, controller) are
 * given at the technology's reference voltage and follow its dynamic-energy factor; static
 * power follows its leakage factor. Throws an `InputError` when `vddV` is outside the
 * technology's supported range.
 */
export function costCoefficients(arch: Architecture, tech: Technology, vddV: number): CostCoefficients {
  const scaled = scaleTechnology(tech, vddV);
  const clockHz = clockAtVoltageHz(arch, scaled);
  const periodS = 1 / clockHz;
  const { dynamic, leakage } = scaled.factors;

  const apCount = arch.hierarchy.caps + arch.hierarchy.maps;
  const cellCount = arch.hierarchy.caps * arch.cap.bits + arch.hierarchy.maps * arch.map.bits;
  const arrayLeakageW = cellCount * scaled.leakage.cellW + apCount * scaled.leakage.arrayPeripheryW;

  return {
    vddV,
    clockHz,
    clockPeriodS: periodS,
    cycles: {
      compare: cyclesFor(scaled.time.compareS, periodS),
      write: cyclesFor(scaled.time.writeS, periodS),
      rowRead: cyclesFor(scaled.time.rowReadS, periodS),
      rowWrite: cyclesFor(scaled.time.rowWriteS, periodS),
      columnRead: cyclesFor(scaled.time.columnReadS, periodS),
      columnWrite: cyclesFor(scaled.time.columnWriteS, periodS),
    },
    writeCyclesPerColumn: !arch.ap.multiColumnWriteOneCycle,
    energy: scaled.energy,
    clusterLinkJPerBit: arch.interconnect.cluster.energyPerBitJ * dynamic,
    globalLinkJPerBit: arch.interconnect.global.energyPerBitJ * dynamic,
    mapReadJPerBit: scaled.energy.rowReadBitJ,
    mapWriteJPerBit: scaled.energy.rowWriteBitJ,
    controllerJPerInstruction: arch.controller.energyPerPassJ * dynamic,
    arrayLeakageW,
    controllerStaticW: apCount * arch.controller.staticPowerPerApW * leakage,
    clusterLink: {
      widthBits: arch.interconnect.cluster.widthBits,
      issueIntervalCycles: arch.interconnect.cluster.issueIntervalCycles,
      latencyCycles: arch.interconnect.cluster.latencyCycles,
    },
    clusters: arch.hierarchy.clusters,
    caps: arch.hierarchy.caps,
    capRows: arch.cap.rows,
    overlapTransfers: arch.interconnect.overlapWithCompute,
    offChipBitsPerS: arch.offChip.bandwidthBitsPerS,
    offChipJPerBit: arch.offChip.energyPerBitJ * dynamic,
    mapCapacityBits: arch.hierarchy.maps * arch.map.bits,
    scaled,
  };
}
