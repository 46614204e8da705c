/**
 * Bit-planes of the activations a GEMM loads, cached per plan context: every output channel of
 * a conv group loads the same activation column for a tap, so the planes are gathered once.
 */
import { packPlanes } from '../bitplanes.js';
import type { PlanContext } from '../context.js';
import type { GemmGeometry } from '../geometry.js';

interface PlaneCache {
  tables: Map<string, Int32Array[][]>;
  /** Bytes the tables take once every entry is filled. */
  bytes: number;
}

const caches = new WeakMap<PlanContext, PlaneCache>();

/** Cached planes take at most this many bytes per context; past it the cache starts over. */
const MAX_CACHED_BYTES = 256 * 2 ** 20;

/**
 * Returns a function giving the activation bit-planes of one tap for `rows` stacked rows, row r
 * holding output position firstPosition + r (0 beyond the last position or in the padding).
 */
export function tapPlanes(context: PlanContext, convGroup: number, firstPosition: number, rows: number, geometry: GemmGeometry): (tap: number) => Int32Array[] {
  return cachedPlanes(context, `broadcast|${convGroup}|${firstPosition}|${rows}`, geometry.terms, (tap) => (row) => {
    const position = firstPosition + row;
    if (position >= geometry.positions) return 0;
    const index = geometry.inputIndex(position, tap, convGroup);
    return index < 0 ? 0 : context.inputs[0].data[index];
  }, rows);
}

/**
 * Returns a cached function from an entry index to the bit-planes of `valueOf(index)` over
 * `rows` rows, at the width of the context's activation format.
 */
export function cachedPlanes(context: PlanContext, key: string, entries: number, valueOf: (entry: number) => (row: number) => number, rows: number): (entry: number) => Int32Array[] {
  const bits = context.precision.gemm!.actBits;
  const words = Math.ceil(rows / 32);
  let cache = caches.get(context);
  if (cache === undefined) {
    cache = { tables: new Map(), bytes: 0 };
    caches.set(context, cache);
  }
  let planes = cache.tables.get(key);
  if (planes === undefined) {
    const bytes = entries * bits * words * Int32Array.BYTES_PER_ELEMENT;
    if (cache.bytes + bytes > MAX_CACHED_BYTES) {
      cache.tables.clear();
      cache.bytes = 0;
    }
    planes = new Array<Int32Array[]>(entries);
    cache.tables.set(key, planes);
    cache.bytes += bytes;
  }
  const table = planes;
  return (entry) => {
    let entryPlanes = table[entry];
    if (entryPlanes === undefined) {
      entryPlanes = packPlanes(rows, bits, words, valueOf(entry));
      table[entry] = entryPlanes;
    }
    return entryPlanes;
  };
}
