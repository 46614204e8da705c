/**
 * Counting cycles and activity from microcode without running it. `countOp` is the one source of
 * cycle counts for the rest of bitfluid: it generates an operation's program on the canonical
 * layout of `buildOp` and counts its instructions.
 */
import type { Bit, InstructionCounts, MicrocodeSink, Program } from './instructions.js';
import { constantProductBits } from './ops/multiply.js';
import { emitOp } from './registry.js';
import { OPERAND_BITS, specKey, validateSpec, type OpSpec } from './spec.js';

export interface OpCount extends InstructionCounts {
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

/** Returns an all-zero count: the cost of emitting nothing. */
export function emptyCount(): OpCount {
  return {
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
}

/**
 * A microcode sink that counts instead of recording: generators emit into it exactly as into a
 * `ProgramBuilder`, so counts come from the same microcode without building instruction objects.
 */
export class CountingSink implements MicrocodeSink {
  readonly count: OpCount = emptyCount();
  private tagProbability = 0;

  compare(columns: readonly number[], _key: readonly Bit[], chain = false): void {
    this.count.compares++;
    this.count.comparedColumns += columns.length;
    this.tagProbability = (chain ? this.tagProbability : 1) * 2 ** -columns.length;
  }

  write(columns: readonly number[]): void {
    this.count.writes++;
    this.count.writtenColumns += columns.length;
    this.count.expectedTaggedRowsPerRow += this.tagProbability;
    this.count.expectedWrittenBitsPerRow += this.tagProbability * columns.length;
  }

  writeAll(columns: readonly number[]): void {
    this.count.writes++;
    this.count.writtenColumns += columns.length;
    this.count.expectedTaggedRowsPerRow += 1;
    this.count.expectedWrittenBitsPerRow += columns.length;
  }

  rowRead(): void {
    this.count.rowReads++;
  }

  rowWrite(): void {
    this.count.rowWrites++;
  }

  columnRead(): void {
    this.count.columnReads++;
  }

  columnWrite(): void {
    this.count.columnWrites++;
  }

  columnWritePattern(): void {
    this.count.columnWrites++;
  }

  /** Returns the counts with `cycles` and `instructions` filled in. */
  finish(): OpCount {
    const count = this.count;
    count.cycles = count.compares + count.writes + count.rowReads + count.rowWrites + count.columnReads + count.columnWrites;
    count.instructions = count.cycles;
    return count;
  }
}

/** Counts the instructions of a program. */
export function countProgram(program: Program): OpCount {
  const sink = new CountingSink();
  for (const instruction of program.instructions) {
    switch (instruction.kind) {
      case 'compare':
        sink.compare(instruction.columns, instruction.key, instruction.chain);
        break;
      case 'write':
        sink.write(instruction.columns);
        break;
      case 'writeAll':
        sink.writeAll(instruction.columns);
        break;
      case 'rowRead':
        sink.rowRead();
        break;
      case 'rowWrite':
        sink.rowWrite();
        break;
      case 'columnRead':
        sink.columnRead();
        break;
      case 'columnWrite':
      case 'columnWritePattern':
        sink.columnWrite();
        break;
    }
  }
  return sink.finish();
}

const cache = new Map<string, Readonly<OpCount>>();

/**
 * Counts acc ← acc + x·c as its two parts: `emitMultiplyConstantAccumulate` emits mulConst into
 * a scratch product and then an in-place add of that product into the accumulator. Counting the
 * parts reuses the mulConst count across accumulator widths, which is what makes expectations
 * over many constants and layers cheap. A test checks the sum against the recorded program.
 */
function countMacConst(spec: Extract<OpSpec, { op: 'macConst' }>): OpCount {
  validateSpec(spec);
  const constant = typeof spec.constant === 'bigint' ? spec.constant : BigInt(spec.constant);
  if (constant === 0n) return new CountingSink().finish();

  const xSigned = spec.xSigned === true;
  const productBits = constantProductBits(spec.xBits, xSigned, constant);
  if (productBits > OPERAND_BITS) {
    // The scratch product is wider than an `add` spec allows, so count the whole program.
    const sink = new CountingSink();
    emitOp(spec, sink);
    return sink.finish();
  }

  const product = countOp({ op: 'mulConst', xBits: spec.xBits, xSigned, constant });
  const add = countOp({ op: 'add', aBits: productBits, aSigned: xSigned || constant < 0n, bBits: spec.accBits });
  const total = { ...product };
  for (const field of Object.keys(total) as (keyof OpCount)[]) total[field] += add[field];
  return total;
}

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
  if (spec.op === 'macConst') {
    count = countMacConst(spec);
  } else if (spec.op === 'reduce1d' && (spec.groups ?? 1) > 1) {
    const groups = spec.groups ?? 1;
    count = { ...countOp({ ...spec, groups: 1 }) };
    const extraMoves = (groups - 1) * count.rowReads;
    count.rowReads += extraMoves;
    count.rowWrites += extraMoves;
    count.cycles += 2 * extraMoves;
    count.instructions += 2 * extraMoves;
  } else {
    const sink = new CountingSink();
    emitOp(spec, sink);
    count = sink.finish();
  }

  const frozen = Object.freeze(count);
  cache.set(key, frozen);
  return frozen;
}
