/**
 * Counted data movement between host tensors and an array, and running microcode emitted by
 * the `src/ap` builders.
 */
import type { ApArray } from '../ap/array.js';
import type { Field } from '../ap/field.js';
import { ProgramBuilder, type MicrocodeSink, type Program } from '../ap/instructions.js';
import { packPlanes, unpackPlanes } from './bitplanes.js';

/** Loads one bit-plane per field bit (least significant first): one counted column write each. */
export function loadField(array: ApArray, field: Field, planes: readonly Int32Array[]): void {
  if (planes.length !== field.bits) throw new RangeError(`a ${field.bits}-bit field needs ${field.bits} bit-planes, got ${planes.length}`);
  for (let bit = 0; bit < field.bits; bit++) array.loadColumn(field.offset + bit, planes[bit]);
}

/** Loads `valueOfRow(r)` into row r of a field for the active rows: one counted column write per bit. */
export function loadValues(array: ApArray, field: Field, valueOfRow: (row: number) => number): void {
  loadField(array, field, packPlanes(array.activeRows, field.bits, array.wordsPerColumn, valueOfRow));
}

/** Stores a field of the active rows out of the array (one counted column read per bit) and returns its values. */
export function storeValues(array: ApArray, field: Field): Float64Array {
  const planes: Int32Array[] = [];
  for (let bit = 0; bit < field.bits; bit++) planes.push(array.storeColumn(field.offset + bit));
  return unpackPlanes(planes, array.activeRows, field.signed);
}

/** Returns the program a builder call emits. */
export function emitted(emit: (sink: MicrocodeSink) => void): Program {
  const builder = new ProgramBuilder();
  emit(builder);
  return builder.build();
}

const programs = new Map<string, Program>();

/** Cached programs at most; past it the cache starts over. */
const MAX_CACHED_PROGRAMS = 4096;

/**
 * Returns the program `emit` produces, cached under `key`, which must name every input of the
 * emission (operation, field offsets and widths, constants). Tasks of one layer share one
 * layout, so their programs are generated and compiled once.
 */
export function cachedProgram(key: string, emit: (sink: MicrocodeSink) => void): Program {
  let program = programs.get(key);
  if (program === undefined) {
    if (programs.size >= MAX_CACHED_PROGRAMS) programs.clear();
    program = emitted(emit);
    programs.set(key, program);
  }
  return program;
}

/** Returns a cache key part for a field. */
export function fieldKey(field: Field): string {
  return `${field.offset}:${field.bits}:${field.signed ? 's' : 'u'}`;
}
