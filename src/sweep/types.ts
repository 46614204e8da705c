/**
 * Types of a design-space sweep: the study spec, one point of its grid, and the result row a
 * point produces. A point is plain data so it can cross worker threads and shard boundaries.
 */

/** Quantity the mapper minimizes when it picks a strategy per layer. */
export type Objective = 'edp' | 'latency' | 'energy';

/** One point of a sweep grid. */
export interface SweepPoint {
  /** Position in the full grid (before sharding), from 0. */
  index: number;
  /** Stable identity of the point, used to resume and merge: the same inputs give the same key. */
  key: string;
  network: string;
  config: string;
  tech: string;
  vddV: number;
  batch: number;
  objective: Objective;
  /**
   * Architecture and technology overrides for this point, by dotted path, for example
   * `{ "arch.cap.rows": 1024, "tech.energy.writeBit": "2 fJ" }`. Empty for the bundled defaults.
   */
  overrides: Record<string, string | number>;
}

/** The result of evaluating one point; one row of the sweep's CSV and JSON files. */
export interface SweepRow extends SweepPoint {
  /** Latency of one batch, in seconds. */
  latencyS: number;
  /** Energy of one batch, in joules. */
  energyJ: number;
  /** Energy-delay product of one batch: energyJ × latencyS. */
  edpJs: number;
  /** Throughput in 10^9 operations per second, counting a MAC as two operations. */
  gops: number;
  /** Energy efficiency in 10^12 operations per second per watt (MAC = two operations). */
  topsPerW: number;
  /** Reported ImageNet top-1 accuracy of the precision config, in percent, when known. */
  top1?: number;
  /** AP cycles of one batch, weighted by the technology's cycles per compare and write. */
  cycles: number;
  /** Fraction of CAP row-cycles that did useful work, 0..1. */
  utilization: number;
}

/** A precision config as the sweep lists it. */
export interface CatalogConfig {
  id: string;
  /** Reported top-1 accuracy in percent, when the config carries one. */
  top1?: number;
}

/**
 * Catalog of the available descriptions as the sweep needs it, so that grid expansion does not
 * read files itself. `createBundledCatalog()` (in `bundled-catalog.ts`) implements it over
 * the bundled networks, configs and technologies.
 */
export interface SweepCatalog {
  networks(): string[];
  configs(network: string): CatalogConfig[];
  technologies(): string[];
  /** The technology's default sweep voltages, in volts. */
  sweepVoltages(tech: string): number[];
  /** Supported supply range of the technology, in volts. */
  voltageRange(tech: string): { minV: number; maxV: number };
  /**
   * Checks an override path and value (`arch.cap.rows`, `tech.energy.writeBit`, ...) and throws
   * an `InputError` naming the path, the value and the known paths when it is invalid.
   */
  validateOverride(path: string, value: string | number): void;
}

/**
 * Evaluates one point. Pure and deterministic: the same point gives the same row, in any thread
 * and in any order.
 */
export type PointEvaluator = (point: SweepPoint) => SweepRow;
