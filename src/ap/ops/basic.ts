/**
 * Clear, set, copy and ReLU: operations of one all-row write or one pass per bit.
 */
import { fieldColumns, fieldsOverlap, signColumn, type Field } from '../field.js';
import type { Bit, MicrocodeSink } from '../instructions.js';
import type { Guard } from '../rules.js';

/** Returns the two's complement bits of `value` over `bits` columns, least significant first. */
export function constantBits(value: bigint, bits: number): Bit[] {
  const pattern = BigInt.asUintN(bits, value);
  const result: Bit[] = [];
  for (let bit = 0; bit < bits; bit++) result.push(Number((pattern >> BigInt(bit)) & 1n) as Bit);
  return result;
}

/** field ← 0 in every active row: one all-row write. */
export function emitClear(sink: MicrocodeSink, field: Field): void {
  sink.writeAll(fieldColumns(field), constantBits(0n, field.bits));
}

/** field ← value (taken modulo 2^bits) in every active row: one all-row write. */
export function emitSet(sink: MicrocodeSink, field: Field, value: bigint): void {
  sink.writeAll(fieldColumns(field), constantBits(value, field.bits));
}

export interface CopyOptions {
  source: Field;
  destination: Field;
  /** Columns cleared by the same all-row write that clears the destination. */
  alsoClear?: readonly number[];
  guard?: Guard;
}

/**
 * destination ← source, sign- or zero-extended, or truncated to the destination width
 * (modulo 2^bits). One all-row write clears the destination, then one pass per source bit
 * copies the 1s: min(source bits, destination bits) passes. For a signed source the pass of its
 * sign bit also writes every extension column, so extension costs no pass. With a guard, rows
 * outside the guard end with 0.
 */
export function emitCopy(sink: MicrocodeSink, options: CopyOptions): void {
  const { source, destination } = options;
  if (fieldsOverlap(source, destination)) throw new RangeError('copy: source and destination overlap');

  const clearColumns = [...fieldColumns(destination), ...(options.alsoClear ?? [])];
  sink.writeAll(clearColumns, clearColumns.map(() => 0 as Bit));

  const copied = Math.min(source.bits, destination.bits);
  for (let bit = 0; bit < copied; bit++) {
    const keyColumns = [source.offset + bit, ...(options.guard?.columns ?? [])];
    const key: Bit[] = [1, ...(options.guard?.key ?? [])];
    const writeColumns = [destination.offset + bit];
    if (bit === source.bits - 1 && source.signed) {
      for (let extension = bit + 1; extension < destination.bits; extension++) writeColumns.push(destination.offset + extension);
    }
    sink.compare(keyColumns, key);
    sink.write(writeColumns, writeColumns.map(() => 1 as Bit));
  }
}

/**
 * field ← max(field, 0) for a signed field: one compare of the sign bit and one write of zeros
 * into every column of the tagged rows. An unsigned field is left as it is, with no instruction.
 */
export function emitRelu(sink: MicrocodeSink, field: Field): void {
  if (!field.signed) return;
  sink.compare([signColumn(field)], [1]);
  const columns = fieldColumns(field);
  sink.write(columns, columns.map(() => 0 as Bit));
}
