/**
 * The AP array: R rows by C bit-columns stored as bit-planes, one packed bitset per column with
 * 32 rows per Int32 word. A compare or write touches about R/32 words per column it names, so a
 * pass costs the same number of cycles on any row count and about R/32 word operations to model.
 */
import {
  compileProgram,
  OP_COLUMN_PATTERN,
  OP_COLUMN_READ,
  OP_COLUMN_WRITE,
  OP_COMPARE,
  OP_PASS,
  OP_ROW_READ,
  OP_ROW_WRITE,
  OP_WRITE,
  OP_WRITE_ALL,
} from './compile.js';
import type { Field } from './field.js';
import { genericPass, passKernel } from './kernels.js';
import { popcount32 } from './popcount.js';
import type { Bit, Instruction, InstructionCounts, Program } from './instructions.js';

/**
 * Activity counters of one array. Each counted instruction takes one cycle. Energy counters
 * count active rows only: rows at or above `activeRows` are not powered.
 */
export interface ApCounters extends InstructionCounts {
  /** Σ active rows over compares. */
  rowsCompared: number;
  /** Σ rows written by each write (tagged rows, or every active row for an all-row write). */
  rowsTagged: number;
  /**
   * Σ rows written × columns written, over writes and all-row writes. Row writes and column
   * writes move whole words and are not included.
   */
  bitsWritten: number;
}

export function emptyCounters(): ApCounters {
  return {
    compares: 0,
    writes: 0,
    rowReads: 0,
    rowWrites: 0,
    columnReads: 0,
    columnWrites: 0,
    cycles: 0,
    rowsCompared: 0,
    comparedColumns: 0,
    rowsTagged: 0,
    writtenColumns: 0,
    bitsWritten: 0,
  };
}

export class ApArray {
  readonly rows: number;
  readonly columns: number;
  /** Int32 words per bit-plane: ceil(rows / 32). */
  readonly wordsPerColumn: number;
  readonly counters: ApCounters = emptyCounters();

  private readonly planes: Int32Array;
  private readonly tags: Int32Array;
  private readonly columnRegister: Int32Array;
  private rowRegister: Uint8Array;
  private active: number;
  private activeWords: number;
  private lastWordMask: number;
  private keyOffsets = new Int32Array(64);
  private keyFlips = new Int32Array(64);
  private writeOffsets = new Int32Array(64);
  private writeMasks = new Int32Array(64);

  constructor(rows: number, columns: number) {
    if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`row count must be a positive integer, got ${rows}`);
    if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`column count must be a positive integer, got ${columns}`);
    this.rows = rows;
    this.columns = columns;
    this.wordsPerColumn = Math.ceil(rows / 32);
    this.planes = new Int32Array(columns * this.wordsPerColumn);
    this.tags = new Int32Array(this.wordsPerColumn);
    this.columnRegister = new Int32Array(this.wordsPerColumn);
    this.rowRegister = new Uint8Array(64);
    this.active = rows;
    this.activeWords = this.wordsPerColumn;
    this.lastWordMask = maskOfLastWord(rows);
  }

  /**
   * Rows in use, from row 0. Compares, writes and column moves act on these rows only, and the
   * energy counters count them. Changing it clears the tags.
   */
  get activeRows(): number {
    return this.active;
  }

  set activeRows(count: number) {
    if (!Number.isInteger(count) || count < 1 || count > this.rows) {
      throw new RangeError(`active rows must be an integer from 1 to ${this.rows}, got ${count}`);
    }
    this.active = count;
    this.activeWords = Math.ceil(count / 32);
    this.lastWordMask = maskOfLastWord(count);
    this.tags.fill(0);
  }

  resetCounters(): void {
    Object.assign(this.counters, emptyCounters());
  }

  // ---------------------------------------------------------------------------------------------
  // Counted primitives. Each one is a one-instruction program.

  compare(columns: readonly number[], key: readonly Bit[], chain = false): void {
    this.execute({ kind: 'compare', columns, key, chain });
  }

  write(columns: readonly number[], values: readonly Bit[]): void {
    this.execute({ kind: 'write', columns, values });
  }

  writeAll(columns: readonly number[], values: readonly Bit[]): void {
    this.execute({ kind: 'writeAll', columns, values });
  }

  rowRead(row: number, column: number, bits: number): void {
    this.execute({ kind: 'rowRead', row, column, bits });
  }

  rowWrite(row: number, column: number, bits: number): void {
    this.execute({ kind: 'rowWrite', row, column, bits });
  }

  columnRead(column: number): void {
    this.execute({ kind: 'columnRead', column });
  }

  columnWrite(column: number, rowOffset: number): void {
    this.execute({ kind: 'columnWrite', column, rowOffset });
  }

  columnWritePattern(column: number, period: number, rows: readonly number[]): void {
    this.execute({ kind: 'columnWritePattern', column, period, rows });
  }

  /**
   * Loads an external bit-plane (row r is bit r % 32 of word r / 32) into one column of the
   * active rows, as the MAP-to-CAP port does. It counts as one column write, with the same
   * counters as `columnWrite`. Rows at or above `activeRows` keep their bits.
   */
  loadColumn(column: number, plane: Int32Array): void {
    this.checkCell(0, column);
    if (plane.length < this.activeWords) {
      throw new RangeError(`a loaded bit-plane needs at least ${this.activeWords} words for ${this.active} active rows, got ${plane.length}`);
    }
    const base = column * this.wordsPerColumn;
    const last = this.activeWords - 1;
    for (let w = 0; w < last; w++) this.planes[base + w] = plane[w];
    this.planes[base + last] = (this.planes[base + last] & ~this.lastWordMask) | (plane[last] & this.lastWordMask);
    this.counters.columnWrites++;
    this.counters.cycles++;
  }

  /**
   * Reads one column of the active rows out of the array, as the CAP-to-MAP port does, and
   * returns it as a bit-plane of `wordsPerColumn` words (bits of inactive rows are 0). It counts
   * as one column read, with the same counters as `columnRead`; the column register keeps its
   * contents.
   */
  storeColumn(column: number): Int32Array {
    this.checkCell(0, column);
    const base = column * this.wordsPerColumn;
    const last = this.activeWords - 1;
    const plane = new Int32Array(this.wordsPerColumn);
    plane.set(this.planes.subarray(base, base + last + 1));
    plane[last] &= this.lastWordMask;
    this.counters.columnReads++;
    this.counters.cycles++;
    return plane;
  }

  execute(instruction: Instruction): void {
    this.run({ instructions: [instruction] });
  }

  /** Runs a program, updating the counters. */
  run(program: Program): void {
    const compiled = compileProgram(program);
    if (compiled.maxColumn >= this.columns) {
      throw new RangeError(`program uses column ${compiled.maxColumn} but the array has ${this.columns} columns`);
    }
    if (compiled.maxRow >= this.active) {
      throw new RangeError(`program moves row ${compiled.maxRow} but only ${this.active} rows are active`);
    }
    if (compiled.maxColumnsPerInstruction > this.keyOffsets.length) {
      const size = compiled.maxColumnsPerInstruction;
      this.keyOffsets = new Int32Array(size);
      this.keyFlips = new Int32Array(size);
      this.writeOffsets = new Int32Array(size);
      this.writeMasks = new Int32Array(size);
    }
    if (compiled.maxRowBits > this.rowRegister.length) {
      const wider = new Uint8Array(compiled.maxRowBits);
      wider.set(this.rowRegister);
      this.rowRegister = wider;
    }
    this.runCode(compiled.code);
  }

  private runCode(code: Int32Array): void {
    const counters = this.counters;
    const stride = this.wordsPerColumn;
    let pc = 0;
    while (pc < code.length) {
      const op = code[pc];
      switch (op) {
        case OP_PASS:
        case OP_COMPARE: {
          const chain = code[pc + 1] === 1;
          const keyCount = code[pc + 2];
          pc += 3;
          for (let k = 0; k < keyCount; k++) {
            this.keyOffsets[k] = code[pc] * stride;
            this.keyFlips[k] = code[pc + 1] === 1 ? 0 : -1;
            pc += 2;
          }
          let writeCount = 0;
          if (op === OP_PASS) {
            writeCount = code[pc++];
            for (let k = 0; k < writeCount; k++) {
              this.writeOffsets[k] = code[pc] * stride;
              this.writeMasks[k] = code[pc + 1] === 1 ? -1 : 0;
              pc += 2;
            }
          }
          const tagged = this.comparePass(chain, keyCount, writeCount);
          counters.compares++;
          counters.rowsCompared += this.active;
          counters.comparedColumns += keyCount;
          counters.cycles++;
          if (op === OP_PASS) {
            counters.writes++;
            counters.rowsTagged += tagged;
            counters.writtenColumns += writeCount;
            counters.bitsWritten += tagged * writeCount;
            counters.cycles++;
          }
          break;
        }
        case OP_WRITE:
        case OP_WRITE_ALL: {
          const writeCount = code[pc + 1];
          pc += 2;
          for (let k = 0; k < writeCount; k++) {
            this.writeOffsets[k] = code[pc] * stride;
            this.writeMasks[k] = code[pc + 1] === 1 ? -1 : 0;
            pc += 2;
          }
          const written = op === OP_WRITE ? this.writeTagged(writeCount) : this.writeAllRows(writeCount);
          counters.writes++;
          counters.rowsTagged += written;
          counters.writtenColumns += writeCount;
          counters.bitsWritten += written * writeCount;
          counters.cycles++;
          break;
        }
        case OP_ROW_READ:
          this.moveRow(code[pc + 1], code[pc + 2], code[pc + 3], true);
          counters.rowReads++;
          counters.cycles++;
          pc += 4;
          break;
        case OP_ROW_WRITE:
          this.moveRow(code[pc + 1], code[pc + 2], code[pc + 3], false);
          counters.rowWrites++;
          counters.cycles++;
          pc += 4;
          break;
        case OP_COLUMN_READ:
          this.readColumnIntoRegister(code[pc + 1]);
          counters.columnReads++;
          counters.cycles++;
          pc += 2;
          break;
        case OP_COLUMN_WRITE:
          this.writeRegisterIntoColumn(code[pc + 1], code[pc + 2]);
          counters.columnWrites++;
          counters.cycles++;
          pc += 3;
          break;
        case OP_COLUMN_PATTERN: {
          const count = code[pc + 3];
          this.writePatternIntoColumn(code[pc + 1], code[pc + 2], code.subarray(pc + 4, pc + 4 + count));
          counters.columnWrites++;
          counters.cycles++;
          pc += 4 + count;
          break;
        }
        default:
          throw new Error(`invalid compiled opcode ${op} at ${pc}`);
      }
    }
  }

  /** Runs one compare (and its fused write) through the loop for its shape; returns the tagged rows. */
  private comparePass(chain: boolean, keyCount: number, writeCount: number): number {
    const kernel = passKernel(keyCount, writeCount, chain);
    if (kernel === undefined) {
      return genericPass(
        this.planes,
        this.tags,
        this.activeWords,
        this.lastWordMask,
        keyCount,
        this.keyOffsets,
        this.keyFlips,
        writeCount,
        this.writeOffsets,
        this.writeMasks,
        chain,
      );
    }
    return kernel(this.planes, this.tags, this.activeWords, this.lastWordMask, this.keyOffsets, this.keyFlips, this.writeOffsets, this.writeMasks);
  }

  private writeTagged(writeCount: number): number {
    const planes = this.planes;
    const tags = this.tags;
    let tagged = 0;
    for (let w = 0; w < this.activeWords; w++) {
      const tag = tags[w];
      if (tag === 0) continue;
      for (let k = 0; k < writeCount; k++) {
        const index = this.writeOffsets[k] + w;
        planes[index] = (planes[index] & ~tag) | (tag & this.writeMasks[k]);
      }
      tagged += popcount32(tag);
    }
    return tagged;
  }

  private writeAllRows(writeCount: number): number {
    const last = this.activeWords - 1;
    for (let k = 0; k < writeCount; k++) {
      const offset = this.writeOffsets[k];
      const value = this.writeMasks[k];
      this.planes.fill(value, offset, offset + last);
      const index = offset + last;
      this.planes[index] = (this.planes[index] & ~this.lastWordMask) | (value & this.lastWordMask);
    }
    return this.active;
  }

  private moveRow(row: number, column: number, bits: number, isRead: boolean): void {
    const word = row >>> 5;
    const shift = row & 31;
    for (let bit = 0; bit < bits; bit++) {
      const index = (column + bit) * this.wordsPerColumn + word;
      if (isRead) {
        this.rowRegister[bit] = (this.planes[index] >>> shift) & 1;
      } else if (this.rowRegister[bit] === 1) {
        this.planes[index] |= 1 << shift;
      } else {
        this.planes[index] &= ~(1 << shift);
      }
    }
  }

  private readColumnIntoRegister(column: number): void {
    const base = column * this.wordsPerColumn;
    const last = this.activeWords - 1;
    this.columnRegister.set(this.planes.subarray(base, base + last + 1));
    this.columnRegister[last] &= this.lastWordMask;
    this.columnRegister.fill(0, last + 1);
  }

  private writeRegisterIntoColumn(column: number, rowOffset: number): void {
    const base = column * this.wordsPerColumn;
    const register = this.columnRegister;
    const words = this.activeWords;
    for (let w = 0; w < words; w++) {
      const firstSource = w * 32 - rowOffset;
      const sourceWord = Math.floor(firstSource / 32);
      const sourceBit = firstSource - sourceWord * 32;
      const low = sourceWord >= 0 && sourceWord < words ? register[sourceWord] : 0;
      let value = low;
      if (sourceBit !== 0) {
        const high = sourceWord + 1 >= 0 && sourceWord + 1 < words ? register[sourceWord + 1] : 0;
        value = (low >>> sourceBit) | (high << (32 - sourceBit));
      }
      if (w === words - 1) {
        const index = base + w;
        this.planes[index] = (this.planes[index] & ~this.lastWordMask) | (value & this.lastWordMask);
      } else {
        this.planes[base + w] = value;
      }
    }
  }

  private writePatternIntoColumn(column: number, period: number, rows: Int32Array): void {
    const inPattern = new Uint8Array(period);
    for (const row of rows) inPattern[row] = 1;
    const base = column * this.wordsPerColumn;
    let phase = 0;
    for (let w = 0; w < this.activeWords; w++) {
      let value = 0;
      for (let bit = 0; bit < 32; bit++) {
        if (inPattern[phase] === 1) value |= 1 << bit;
        phase++;
        if (phase === period) phase = 0;
      }
      if (w === this.activeWords - 1) {
        const index = base + w;
        this.planes[index] = (this.planes[index] & ~this.lastWordMask) | (value & this.lastWordMask);
      } else {
        this.planes[base + w] = value;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Direct access for loading and checking data. These helpers are outside the cost model: they
  // touch no counter and stand for the host filling or reading the array through its I/O.

  getBit(row: number, column: number): Bit {
    this.checkCell(row, column);
    return ((this.planes[column * this.wordsPerColumn + (row >>> 5)] >>> (row & 31)) & 1) as Bit;
  }

  setBit(row: number, column: number, bit: Bit | boolean): void {
    this.checkCell(row, column);
    const index = column * this.wordsPerColumn + (row >>> 5);
    if (bit === 1 || bit === true) this.planes[index] |= 1 << (row & 31);
    else this.planes[index] &= ~(1 << (row & 31));
  }

  /** Returns the tag bit of a row as left by the last compare. */
  getTag(row: number): Bit {
    this.checkCell(row, 0);
    return ((this.tags[row >>> 5] >>> (row & 31)) & 1) as Bit;
  }

  /** Returns the value of a field in one row, negative for a signed field with its top bit set. */
  getField(row: number, field: Field): bigint {
    let value = 0n;
    for (let bit = field.bits - 1; bit >= 0; bit--) value = (value << 1n) | BigInt(this.getBit(row, field.offset + bit));
    if (field.signed && field.bits > 0 && value >> BigInt(field.bits - 1) === 1n) value -= 1n << BigInt(field.bits);
    return value;
  }

  /** Stores a value into a field of one row; it must lie in the field's range. */
  setField(row: number, field: Field, value: bigint | number): void {
    const big = BigInt(value);
    const low = field.signed ? -(1n << BigInt(field.bits - 1)) : 0n;
    const high = field.signed ? (1n << BigInt(field.bits - 1)) - 1n : (1n << BigInt(field.bits)) - 1n;
    if (big < low || big > high) {
      throw new RangeError(`value ${big} does not fit a ${field.signed ? 'signed' : 'unsigned'} ${field.bits}-bit field`);
    }
    const pattern = BigInt.asUintN(field.bits, big);
    for (let bit = 0; bit < field.bits; bit++) this.setBit(row, field.offset + bit, Number((pattern >> BigInt(bit)) & 1n) as Bit);
  }

  /** Stores `values[r]` into row r of a field, for r from 0. */
  loadField(field: Field, values: readonly (bigint | number)[]): void {
    values.forEach((value, row) => this.setField(row, field, value));
  }

  /** Returns the field's value in rows 0 .. count - 1 (by default every active row). */
  readField(field: Field, count = this.active): bigint[] {
    const values: bigint[] = [];
    for (let row = 0; row < count; row++) values.push(this.getField(row, field));
    return values;
  }

  /** Copies bits of columns 0 .. count − 1 of one row into `target` (one bit per byte). */
  readRowBits(row: number, target: Uint8Array, count: number): void {
    this.checkCell(row, count - 1);
    const word = row >>> 5;
    const shift = row & 31;
    for (let column = 0; column < count; column++) target[column] = (this.planes[column * this.wordsPerColumn + word] >>> shift) & 1;
  }

  /** Stores `source[c]` into column c of one row, for c from 0 to count − 1. */
  writeRowBits(row: number, source: Uint8Array, count: number): void {
    this.checkCell(row, count - 1);
    const word = row >>> 5;
    const bit = 1 << (row & 31);
    for (let column = 0; column < count; column++) {
      const index = column * this.wordsPerColumn + word;
      this.planes[index] = source[column] === 1 ? this.planes[index] | bit : this.planes[index] & ~bit;
    }
  }

  /** Returns a copy of one bit-plane (row r is bit r % 32 of word r / 32). */
  getColumn(column: number): Int32Array {
    this.checkCell(0, column);
    const base = column * this.wordsPerColumn;
    return this.planes.slice(base, base + this.wordsPerColumn);
  }

  /** Replaces one bit-plane; bits of rows at or above `rows` are cleared. */
  setColumn(column: number, words: Int32Array): void {
    this.checkCell(0, column);
    if (words.length !== this.wordsPerColumn) {
      throw new RangeError(`a bit-plane has ${this.wordsPerColumn} words, got ${words.length}`);
    }
    const base = column * this.wordsPerColumn;
    this.planes.set(words, base);
    this.planes[base + this.wordsPerColumn - 1] &= maskOfLastWord(this.rows);
  }

  /** Returns a copy of every bit-plane, for comparing the array before and after a program. */
  snapshot(): Int32Array {
    return this.planes.slice();
  }

  private checkCell(row: number, column: number): void {
    if (!Number.isInteger(row) || row < 0 || row >= this.rows) throw new RangeError(`row ${row} lies outside 0..${this.rows - 1}`);
    if (!Number.isInteger(column) || column < 0 || column >= this.columns) {
      throw new RangeError(`column ${column} lies outside 0..${this.columns - 1}`);
    }
  }
}

function maskOfLastWord(rows: number): number {
  const used = rows & 31;
  return used === 0 ? -1 : (1 << used) - 1;
}
