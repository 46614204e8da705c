import { InputError, isInputError } from '../util/errors.js';
import type { ClassCost } from '../cost/types.js';
import type { ProfileOpClass } from './op-classes.js';
import type { ProfileRow } from './profile-csv.js';
import type { BackendCapacity, CostEstimate, CostModel, CostSource, SetupCost, SlotState, Support, WorkFootprint, WorkItem } from './types.js';
import { checkBatch, setupKind } from './work.js';

export interface TableCostModelOptions {
  /** Backend id in reports. */
  id: string;
  /** Rows of one or more profile CSVs; only those whose `backend` column matches are used. */
  rows: readonly ProfileRow[];
  /** Value of the CSV's `backend` column to use; `id` when absent. */
  backend?: string;
  /** Works the backend runs at once; 1 when absent. */
  slots?: number;
  /** Memory of one slot in bytes. */
  bytesPerSlot: number;
  /** CSV file the rows came from, for error messages. */
  file?: string;
}

/** The rows of one (model, precision) pair, inference rows sorted by batch. */
interface ModelRows {
  inference: ProfileRow[];
  classes: ProfileRow[];
  layers: ProfileRow[];
}

/** Inference-row values at one batch, exact or interpolated. */
interface BatchValues {
  latencyS: number;
  energyJ: number;
  memoryBytes: number;
  weightBytes: number;
  setupLatencyS: number;
  setupEnergyJ: number;
  source: CostSource;
}

/**
 * The cost interface over profiled rows: measured or published costs of whole networks, keyed
 * by (model, precision, batch). A work item's `network` is matched against the `model` column
 * and its `config` against `precision`. Between two profiled batches of the same pair, latency,
 * energy, memory and setup cost are interpolated linearly in the batch. Outside the profiled
 * batches, or for a pair without rows, a query raises an `InputError`. A layer range is priced
 * from `layer` rows at exactly the work's batch.
 */
export class TableCostModel implements CostModel {
  readonly id: string;
  readonly kind = 'table' as const;
  readonly backend: string;
  private readonly slots: number;
  private readonly bytesPerSlot: number;
  private readonly file?: string;
  private readonly byModel = new Map<string, ModelRows>();

  constructor(options: TableCostModelOptions) {
    this.id = options.id;
    this.backend = options.backend ?? options.id;
    this.slots = options.slots ?? 1;
    this.bytesPerSlot = options.bytesPerSlot;
    this.file = options.file;

    for (const row of options.rows) {
      if (row.backend !== this.backend) continue;
      const key = pairKey(row.model, row.precision);
      let entry = this.byModel.get(key);
      if (entry === undefined) {
        entry = { inference: [], classes: [], layers: [] };
        this.byModel.set(key, entry);
      }
      if (row.scope === 'inference') {
        if (entry.inference.some((other) => other.batch === row.batch)) {
          throw new InputError({
            file: this.file,
            field: 'rows',
            value: `${row.backend},${row.model},${row.precision},${row.batch}`,
            expected: `Two inference rows for backend "${row.backend}", model "${row.model}", precision "${row.precision}" at batch ${row.batch}; keep one.`,
          });
        }
        entry.inference.push(row);
      } else if (row.scope === 'class') {
        entry.classes.push(row);
      } else if (row.scope === 'layer') {
        entry.layers.push(row);
      }
    }
    for (const entry of this.byModel.values()) entry.inference.sort((a, b) => a.batch - b.batch);
  }

  /** Lists the (model, precision) pairs the table has inference rows for, with their batches. */
  pairs(): { model: string; precision: string; batches: number[] }[] {
    return [...this.byModel.values()]
      .filter((entry) => entry.inference.length > 0)
      .map((entry) => ({ model: entry.inference[0].model, precision: entry.inference[0].precision, batches: entry.inference.map((row) => row.batch) }));
  }

  supports(work: WorkItem): Support {
    try {
      const values = this.valuesAt(work);
      if (work.range !== undefined) this.layerRows(work);
      if (values.memoryBytes > this.bytesPerSlot) {
        return { ok: false, reason: `${work.network} at ${work.config} needs ${values.memoryBytes} bytes, more than the ${this.bytesPerSlot} bytes of one slot of backend "${this.id}".` };
      }
      return { ok: true };
    } catch (error) {
      if (isInputError(error)) return { ok: false, reason: error.message };
      throw error;
    }
  }

  estimate(work: WorkItem): CostEstimate {
    const values = this.valuesAt(work);
    if (work.range !== undefined) {
      const layers = this.layerRows(work).slice(work.range.from, work.range.to);
      return {
        latencyS: layers.reduce((sum, row) => sum + row.latencyS, 0),
        energyJ: layers.reduce((sum, row) => sum + row.energyJ, 0),
        peakMemoryBytes: values.memoryBytes,
        byClass: sumByClass(layers),
        source: 'profiled',
      };
    }

    const entry = this.entryFor(work);
    const classes = values.source === 'profiled' ? entry.classes.filter((row) => row.batch === work.batch) : [];
    return { latencyS: values.latencyS, energyJ: values.energyJ, peakMemoryBytes: values.memoryBytes, byClass: sumByClass(classes), source: values.source };
  }

  /**
   * `residentBytes` is the row's `memory_bytes`, and activations are what remains of it after
   * the weights. Without a `weight_bytes` value the whole memory counts as weights, which is what
   * a load moves.
   */
  footprint(work: WorkItem): WorkFootprint {
    const values = this.valuesAt(work);
    return { weightBytes: values.weightBytes, activationBytes: Math.max(0, values.memoryBytes - values.weightBytes), residentBytes: values.memoryBytes };
  }

  /**
   * Returns the row's setup cost for a cold load, a swap and a precision change alike, because a
   * profile records only what loading the model onto an empty slot costs.
   */
  setupCost(state: SlotState, work: WorkItem): SetupCost {
    const kind = setupKind(state, work, this.valuesAt(work).memoryBytes);
    if (kind === 'none') return { latencyS: 0, energyJ: 0, kind };
    const values = this.valuesAt(work);
    return { latencyS: values.setupLatencyS, energyJ: values.setupEnergyJ, kind };
  }

  capacity(): BackendCapacity {
    return { slots: this.slots, bytesPerSlot: this.bytesPerSlot };
  }

  private entryFor(work: WorkItem): ModelRows {
    const entry = this.byModel.get(pairKey(work.network, work.config));
    if (entry === undefined || entry.inference.length === 0) {
      const known = this.pairs().map((pair) => `${pair.model}@${pair.precision}`);
      throw new InputError({
        file: this.file,
        field: `backend ${this.backend}`,
        value: `${work.network}@${work.config}`,
        expected:
          known.length === 0
            ? `The profile has no inference rows for backend "${this.backend}". Check the backend name or add rows.`
            : `Backend "${this.backend}" has no profiled row for model "${work.network}" at precision "${work.config}". Profiled pairs: ${known.join(', ')}. Add a row or pick one of them.`,
      });
    }
    return entry;
  }

  private valuesAt(work: WorkItem): BatchValues {
    checkBatch(work);
    const rows = this.entryFor(work).inference;
    const exact = rows.find((row) => row.batch === work.batch);
    if (exact !== undefined) return valuesOf(exact, exact, 0, 'profiled');

    const upperIndex = rows.findIndex((row) => row.batch > work.batch);
    if (upperIndex <= 0) {
      throw new InputError({
        file: this.file,
        field: `backend ${this.backend}`,
        value: `${work.network}@${work.config}, batch ${work.batch}`,
        expected: `Batch ${work.batch} is outside the profiled batches ${rows.map((row) => row.batch).join(', ')}; costs are interpolated between profiled batches, never extrapolated. Add a row at batch ${work.batch}.`,
      });
    }
    const lower = rows[upperIndex - 1];
    const upper = rows[upperIndex];
    return valuesOf(lower, upper, (work.batch - lower.batch) / (upper.batch - lower.batch), 'interpolated');
  }

  private layerRows(work: WorkItem): ProfileRow[] {
    const layers = this.entryFor(work).layers.filter((row) => row.batch === work.batch);
    const range = work.range!;
    if (!Number.isInteger(range.from) || !Number.isInteger(range.to) || range.from < 0 || range.from >= range.to || range.to > layers.length) {
      throw new InputError({
        file: this.file,
        field: `backend ${this.backend}`,
        value: work.range,
        expected: `A layer range needs \`layer\` rows at batch ${work.batch}; backend "${this.backend}" has ${layers.length} for ${work.network}@${work.config}, so the range must satisfy 0 ≤ from < to ≤ ${layers.length}.`,
      });
    }
    return layers;
  }
}

function pairKey(model: string, precision: string): string {
  return `${model}\u0000${precision}`;
}

/** Linear interpolation between two inference rows at `fraction` of the way from `a` to `b`. */
function valuesOf(a: ProfileRow, b: ProfileRow, fraction: number, source: CostSource): BatchValues {
  const mix = (x: number, y: number) => x + (y - x) * fraction;
  const memoryA = a.memoryBytes ?? 0;
  const memoryB = b.memoryBytes ?? 0;
  return {
    latencyS: mix(a.latencyS, b.latencyS),
    energyJ: mix(a.energyJ, b.energyJ),
    memoryBytes: mix(memoryA, memoryB),
    weightBytes: mix(a.weightBytes ?? memoryA, b.weightBytes ?? memoryB),
    setupLatencyS: mix(a.setupLatencyS ?? 0, b.setupLatencyS ?? 0),
    setupEnergyJ: mix(a.setupEnergyJ ?? 0, b.setupEnergyJ ?? 0),
    source,
  };
}

function sumByClass(rows: readonly ProfileRow[]): Partial<Record<ProfileOpClass, ClassCost>> {
  const byClass: Partial<Record<ProfileOpClass, ClassCost>> = {};
  for (const row of rows) {
    if (row.opClass === undefined) continue;
    const entry = (byClass[row.opClass] ??= { latencyS: 0, energyJ: 0 });
    entry.latencyS += row.latencyS;
    entry.energyJ += row.energyJ;
  }
  return byClass;
}
