import { InputError } from '../util/errors.js';
import type { LayerRange, ResidentWork, SetupKind, SlotState, WorkItem } from './types.js';

/** Returns a string that identifies a work item, for caches and maps. */
export function workKey(work: WorkItem): string {
  const range = work.range === undefined ? '' : `[${work.range.from},${work.range.to})`;
  return `${work.network}|${work.config}|${work.batch}|${range}`;
}

/** Resolves the work's range against a network of `layerCount` layers and throws on a bad range. */
export function resolveRange(work: WorkItem, layerCount: number): LayerRange {
  if (work.range === undefined) return { from: 0, to: layerCount };
  const { from, to } = work.range;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > layerCount || from >= to) {
    throw new InputError({
      field: 'range',
      value: work.range,
      expected: `A layer range is [from, to) with whole numbers 0 ≤ from < to ≤ ${layerCount} (network "${work.network}" has ${layerCount} layers).`,
    });
  }
  return { from, to };
}

export function checkBatch(work: WorkItem): void {
  if (!Number.isInteger(work.batch) || work.batch < 1) {
    throw new InputError({ field: 'batch', value: work.batch, expected: 'The batch size is a whole number of images, at least 1.' });
  }
}

function sameRange(a: LayerRange | undefined, b: LayerRange | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.from === b.from && a.to === b.to;
}

export function sameResident(resident: ResidentWork, work: WorkItem | ResidentWork): boolean {
  return resident.network === work.network && resident.config === work.config && sameRange(resident.range, work.range);
}

/**
 * Classifies the setup that moves a slot from `state` to `work`, whatever it costs. It is `none`
 * when the work is resident and `cold-load` when the slot is empty or has `workBytes` free.
 * Otherwise it is `precision-reconfig` when the slot stores the same network (and range) at
 * another config, and `swap` when the load must replace other networks.
 */
export function setupKind(state: SlotState, work: WorkItem, workBytes: number): SetupKind {
  if (state.resident.some((resident) => sameResident(resident, work))) return 'none';
  if (state.resident.length === 0 || (state.freeBytes !== undefined && workBytes <= state.freeBytes)) return 'cold-load';
  if (state.resident.some((resident) => resident.network === work.network && sameRange(resident.range, work.range))) return 'precision-reconfig';
  return 'swap';
}

/** Returns the resident entry a slot stores after running `work`. */
export function residentOf(work: WorkItem): ResidentWork {
  return work.range === undefined ? { network: work.network, config: work.config } : { network: work.network, config: work.config, range: work.range };
}
