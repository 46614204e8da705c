/**
 * Reduction across rows: the sum of K consecutive rows of a field, for groups of K rows side by
 * side, as a tree of ceil(log2 K) levels. Level l (stride s = 2^l) adds the partial sum of
 * group position i + s into position i for every i that is a multiple of 2s with i + s < K.
 * The partial sums keep the field's width at every level. After the last level, position 0 of
 * each group contains the group's sum modulo 2^bits, and the other rows contain leftovers.
 *
 * When bit l of K − 1 is 0, the last multiple of 2s in the group has no partner at level l (it
 * is "unpaired") and must not receive anything: the 1D form clears the temporary field at that
 * level, and the 2D form guards the add with a flag column marking the paired rows.
 */
import { fieldColumns, fieldsOverlap, type Field } from '../field.js';
import type { Bit, MicrocodeSink } from '../instructions.js';
import { emitAdd, isInField } from './arith.js';

/** Number of tree levels: ceil(log2 K). */
export function reductionLevels(terms: number): number {
  let levels = 0;
  while (2 ** levels < terms) levels++;
  return levels;
}

/** Returns true when level l has a row without partner: bit l of K − 1 is 0. */
export function hasUnpairedRow(terms: number, level: number): boolean {
  return Math.floor((terms - 1) / 2 ** level) % 2 === 0;
}

/** Group positions that receive a partial sum at a level: multiples of 2s with a partner i + s < K. */
export function receivingPositions(terms: number, level: number): number[] {
  const stride = 2 ** level;
  const positions: number[] = [];
  for (let position = 0; position + stride < terms; position += 2 * stride) positions.push(position);
  return positions;
}

export interface ReduceOptions {
  /** Holds one term per row; position 0 of each group receives the sum. */
  sums: Field;
  /** Scratch field as wide as `sums`. */
  temporary: Field;
  carry: number;
  /** K, the rows per group. */
  terms: number;
}

export interface Reduce1dOptions extends ReduceOptions {
  groups: number;
  /** First row of the first group; groups follow each other. */
  firstRow?: number;
}

/**
 * 1D AP form: per level, each moved partial sum costs a word-serial row read and a row write into
 * the temporary field of its receiving row, then one word-parallel in-place add of the
 * temporary field into the sums. In all, (K − 1) row reads and row writes per group.
 */
export function emitReduce1d(sink: MicrocodeSink, options: Reduce1dOptions): void {
  const { sums, temporary, carry, terms, groups } = options;
  const firstRow = options.firstRow ?? 0;
  checkReduceOperands(options);
  if (!Number.isInteger(groups) || groups < 1) throw new RangeError(`reduce: groups must be a positive integer, got ${groups}`);

  for (let level = 0; level < reductionLevels(terms); level++) {
    const stride = 2 ** level;
    const cleared = hasUnpairedRow(terms, level) ? [...fieldColumns(temporary), carry] : [carry];
    sink.writeAll(cleared, cleared.map(() => 0 as Bit));

    const positions = receivingPositions(terms, level);
    for (let group = 0; group < groups; group++) {
      const base = firstRow + group * terms;
      for (const position of positions) {
        sink.rowRead(base + position + stride, sums.offset, sums.bits);
        sink.rowWrite(base + position, temporary.offset, temporary.bits);
      }
    }

    emitAdd(sink, { source: temporary, destination: sums, carry, clearCarry: false });
  }
}

export interface Reduce2dOptions extends ReduceOptions {
  /** Scratch column that marks the receiving rows at levels with an unpaired row. */
  flag: number;
}

/**
 * 2D AP form. Per level, every bit-column of the sums is read and written into the temporary
 * field moved up by s rows: 2 · bits column moves for any number of groups. One word-parallel
 * in-place add of the temporary field into the sums follows. Groups start at row 0.
 * At a level with an unpaired row, one column write loads the pattern of receiving rows into
 * the flag column, and the add is guarded by it. The guard costs a key column, not a pass.
 */
export function emitReduce2d(sink: MicrocodeSink, options: Reduce2dOptions): void {
  const { sums, temporary, carry, terms, flag } = options;
  checkReduceOperands(options);
  if (isInField(flag, sums) || isInField(flag, temporary) || flag === carry) throw new RangeError('reduce: the flag column overlaps an operand');

  for (let level = 0; level < reductionLevels(terms); level++) {
    const stride = 2 ** level;
    for (let bit = 0; bit < sums.bits; bit++) {
      sink.columnRead(sums.offset + bit);
      sink.columnWrite(temporary.offset + bit, -stride);
    }

    const guarded = hasUnpairedRow(terms, level);
    if (guarded) sink.columnWritePattern(flag, terms, receivingPositions(terms, level));
    emitAdd(sink, {
      source: temporary,
      destination: sums,
      carry,
      guard: guarded ? { columns: [flag], key: [1] } : undefined,
    });
  }
}

function checkReduceOperands(options: ReduceOptions): void {
  const { sums, temporary, carry, terms } = options;
  if (!Number.isInteger(terms) || terms < 1) throw new RangeError(`reduce: terms must be a positive integer, got ${terms}`);
  if (temporary.bits !== sums.bits) throw new RangeError('reduce: the temporary field must be as wide as the sums');
  if (fieldsOverlap(sums, temporary) || isInField(carry, sums) || isInField(carry, temporary)) throw new RangeError('reduce: operands overlap');
}
