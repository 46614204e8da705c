/**
 * Counting cycles and activity from microcode without running it. `countOp` is the one source of
 * cycle counts for the rest of bitfluid: it generates an operation's program on the canonical
 * layout of `buildOp` and counts its instructions.
 */
import type { Program } from './instructions.js';
import { buildOp } from './registry.js';
import { specKey, type OpSpec } from './spec.js';

export interface OpCount {
  compares: number;
  writes: number;
  rowReads: number;
  rowWrites: number;
  columnReads: number;
  columnWrites: number;
  /** One cycle per compare, write, row read, row write, column read and column write. */
  cycles: number;
  /** Σ masked columns over compares. */
  comparedColumns: number;
  /** Σ written columns over writes and all-row writes. */
  writtenColumns: number;
  /**
   * Expected fraction of rows written, summed over writes: Σ P(row tagged), with P = 1 for an
   * all-row write. P assumes that every compared bit is an independent fair coin, so a compare
   * of k columns tags a row with probability 2^−k (times the previous tag's probability for a
   * chained compare). Real data and carries are not fair coins; this is an estimate for the
   * energy model when no data is run.
   */
  expectedTaggedRowsPerRow: number;
  /** Σ over writes of written columns × P(row tagged), under the same assumption. */
  expectedWrittenBitsPerRow: number;
  /** Number of instructions (equal to `cycles`: every instruction takes one cycle). */
  instructions: number;
}

/** Counts the instructions of a program. */
export function countProgram(program: Program): OpCount {
  const count: OpCount = {
    compares: 0,
    writes: 0,
    rowReads: 0,
    rowWrites: 0,
    columnReads: 0,
    columnWrites: 0,
    cycles: 0,
    comparedColumns: 0,
    writtenColumns: 0,
    expectedTaggedRowsPerRow: 0,
    expectedWrittenBitsPerRow: 0,
    instructions: 0,
  };
  let tagProbability = 0;

  for (const instruction of program.instructions) {
    switch (instruction.kind) {
      case 'compare':
        count.compares++;
        count.comparedColumns += instruction.columns.length;
        tagProbability = (instruction.chain ? tagProbability : 1) * 2 ** -instruction.columns.length;
        break;
      case 'write':
        count.writes++;
        count.writtenColumns += instruction.columns.length;
        count.expectedTaggedRowsPerRow += tagProbability;
        count.expectedWrittenBitsPerRow += tagProbability * instruction.columns.length;
        break;
      case 'writeAll':
        count.writes++;
        count.writtenColumns += instruction.columns.length;
        count.expectedTaggedRowsPerRow += 1;
        count.expectedWrittenBitsPerRow += instruction.columns.length;
        break;
      case 'rowRead':
        count.rowReads++;
        break;
      case 'rowWrite':
        count.rowWrites++;
        break;
      case 'columnRead':
        count.columnReads++;
        break;
      case 'columnWrite':
      case 'columnWritePattern':
        count.columnWrites++;
        break;
    }
  }
  count.cycles = count.compares + count.writes + count.rowReads + count.rowWrites + count.columnReads + count.columnWrites;
  count.instructions = program.instructions.length;
  return count;
}

const cache = new Map<string, Readonly<OpCount>>();

/**
 * Returns the counts of one operation. The first call for a spec validates it, generates the
 * program and counts it. An invalid spec throws an `InputError` naming the field. Later calls
 * return the cached, frozen result.
 *
 * For `reduce1d` the program is generated for one group and the row moves are multiplied by
 * `groups`: every group moves the same number of words, and the word-parallel adds are shared.
 */
export function countOp(spec: OpSpec): Readonly<OpCount> {
  const key = specKey(spec);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;

  let count: OpCount;
  if (spec.op === 'reduce1d' && (spec.groups ?? 1) > 1) {
    const groups = spec.groups ?? 1;
    count = { ...countOp({ ...spec, groups: 1 }) };
    const extraMoves = (groups - 1) * count.rowReads;
    count.rowReads += extraMoves;
    count.rowWrites += extraMoves;
    count.cycles += 2 * extraMoves;
    count.instructions += 2 * extraMoves;
  } else {
    count = countProgram(buildOp(spec).program);
  }

  const frozen = Object.freeze(count);
  cache.set(key, frozen);
  return frozen;
}
