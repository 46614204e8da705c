import type { ScalingRule } from './entry.js';
import type { ProvenanceMap } from './provenance.js';

/**
 * Validated architecture and technology descriptions, every number in SI units: J, s, Hz, V, W,
 * m and bits. A typed field is named after its file field with the unit appended
 * (`energy.compareBit` becomes `energy.compareBitJ`); `provenance` is keyed by the file field.
 */

/** Overrides applied on top of a file: field path to the value written there. */
export type ArchOverrideValue = string | number | boolean | (string | number)[];
export type ArchOverrides = Record<string, ArchOverrideValue>;

interface DescriptionBase {
  id: string;
  name: string;
  description?: string;
  /** Every number's text and source or estimate, keyed by file field path. */
  provenance: ProvenanceMap;
  /** File the description was loaded from, when it came from a file. */
  file?: string;
  /** The input document as read, which `applyOverrides` edits and validates again. */
  document: unknown;
  /** Overrides applied so far, by field path. */
  overrides: ArchOverrides;
}

/** Rows × columns of one AP array; `bits` = rows · columns. */
export interface ApArrayGeometry {
  rows: number;
  columns: number;
  bits: number;
}

/** One level of the interconnect. */
export interface Link {
  /** Free-text note on the topology (bus, H-tree, mesh). */
  topology: string;
  /** Bits moved per transfer. */
  widthBits: number;
  /** Cycles from issue to arrival of one transfer. */
  latencyCycles: number;
  /** Cycles between two transfers issued back to back (1 when pipelined). */
  issueIntervalCycles: number;
  energyPerBitJ: number;
}

export interface Architecture extends DescriptionBase {
  kind: 'architecture';
  hierarchy: {
    clusters: number;
    capsPerCluster: number;
    mapsPerCluster: number;
    /** clusters · capsPerCluster. */
    caps: number;
    /** clusters · mapsPerCluster. */
    maps: number;
  };
  /** A computation AP (2D AP): compare and write along rows and along columns. */
  cap: ApArrayGeometry;
  /** A memory AP (1D AP): compare and write along rows only. */
  map: ApArrayGeometry;
  /** Clock at the technology's reference voltage; it scales with the technology's delay rule. */
  clock: { frequencyHz: number; periodS: number };
  ap: {
    /** Whether a write to any number of masked columns takes one cycle (else one per column). */
    multiColumnWriteOneCycle: boolean;
  };
  interconnect: {
    /** Between the MAPs and CAPs of one cluster. */
    cluster: Link;
    /** Between clusters. */
    global: Link;
    /** MAP→CAP bandwidth of one cluster: cluster width · clock / issue interval, bits per second. */
    mapToCapBitsPerS: number;
    /**
     * Whether a CAP's transfers overlap its computation (operands double-buffered), so a wave
     * lasts max(compute, transfer) cycles instead of their sum.
     */
    overlapWithCompute: boolean;
  };
  controller: {
    /** Energy per compare or write the controller issues, per AP that executes it. */
    energyPerPassJ: number;
    /** Static power of the controller logic of one AP. */
    staticPowerPerApW: number;
  };
  offChip: {
    bandwidthBitsPerS: number;
    energyPerBitJ: number;
  };
}

/** Energy parameters of a technology, per event. */
export interface TechnologyEnergy {
  /** Compare, per active row and masked bit. */
  compareBitJ: number;
  /** Match line precharge and evaluation, per active row per compare. */
  matchLineJ: number;
  /** Key and mask drivers, per masked column per compare. */
  keyDriverJ: number;
  /** Write, per cell written. */
  writeBitJ: number;
  /** Write drivers, per written column per write. */
  writeDriverJ: number;
  /** Row read and write through the word port, per bit. */
  rowReadBitJ: number;
  rowWriteBitJ: number;
  /** Column read and write (2D AP only), per bit. */
  columnReadBitJ: number;
  columnWriteBitJ: number;
}

/** Time parameters of a technology, per event. */
export interface TechnologyTime {
  compareS: number;
  writeS: number;
  rowReadS: number;
  rowWriteS: number;
  columnReadS: number;
  columnWriteS: number;
}

/** Leakage power of a technology. */
export interface TechnologyLeakage {
  /** Per cell. */
  cellW: number;
  /** Per AP array, for its periphery (sense amplifiers, drivers, registers). */
  arrayPeripheryW: number;
}

export interface VoltageLaws {
  /** Dynamic energy ∝ V^dynamicExponent. */
  dynamicExponent: number;
  /** Threshold voltage of the alpha-power delay law t ∝ V / (V − vth)^alpha. */
  vthV: number;
  alpha: number;
  /** Leakage power ∝ V^leakageExponent. */
  leakageExponent: number;
}

export interface Technology extends DescriptionBase {
  kind: 'technology';
  /** Node and supply voltage at which every energy, time and leakage value is given. */
  reference: { nodeM: number; vddV: number };
  voltage: { minV: number; maxV: number; sweepV: number[] };
  laws: VoltageLaws;
  energy: TechnologyEnergy;
  time: TechnologyTime;
  leakage: TechnologyLeakage;
  /** Scaling rule of every energy, time and leakage parameter, keyed by file field path. */
  scaling: Record<string, ScalingRule>;
}

/** A technology's energies, times and leakage at one supply voltage. */
export interface ScaledTechnology {
  technology: Technology;
  vddV: number;
  /** Multipliers applied to reference values under each rule. */
  factors: Record<ScalingRule, number>;
  energy: TechnologyEnergy;
  time: TechnologyTime;
  leakage: TechnologyLeakage;
}
