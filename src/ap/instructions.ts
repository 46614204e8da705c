/**
 * The AP instruction set as plain data, and the builder that microcode generators emit into.
 * Each instruction takes one cycle.
 */

export type Bit = 0 | 1;

/** Tags every row whose bits in `columns` equal `key`; with `chain`, ANDs the match into the tag. */
export interface CompareInstruction {
  readonly kind: 'compare';
  readonly columns: readonly number[];
  readonly key: readonly Bit[];
  readonly chain: boolean;
}

/** Writes `values` into `columns` of every tagged row. */
export interface WriteInstruction {
  readonly kind: 'write';
  readonly columns: readonly number[];
  readonly values: readonly Bit[];
}

/** Writes `values` into `columns` of every active row, with no compare. The tags stay as they are. */
export interface WriteAllInstruction {
  readonly kind: 'writeAll';
  readonly columns: readonly number[];
  readonly values: readonly Bit[];
}

/** Word-serial read of `bits` columns from `column` on of one row into the row register. */
export interface RowReadInstruction {
  readonly kind: 'rowRead';
  readonly row: number;
  readonly column: number;
  readonly bits: number;
}

/** Word-serial write of the low `bits` of the row register into one row, from `column` on. */
export interface RowWriteInstruction {
  readonly kind: 'rowWrite';
  readonly row: number;
  readonly column: number;
  readonly bits: number;
}

/** 2D AP: reads a whole bit-column of all active rows into the column register. */
export interface ColumnReadInstruction {
  readonly kind: 'columnRead';
  readonly column: number;
}

/**
 * 2D AP: writes the column register into `column`, moved by `rowOffset` rows: row r receives
 * register row r - rowOffset. Rows whose source lies outside the active rows receive 0.
 */
export interface ColumnWriteInstruction {
  readonly kind: 'columnWrite';
  readonly column: number;
  readonly rowOffset: number;
}

/**
 * 2D AP: writes a periodic pattern supplied by the controller into `column`: row r receives 1
 * when r mod `period` is one of `rows`, else 0. It costs one column write.
 */
export interface ColumnWritePatternInstruction {
  readonly kind: 'columnWritePattern';
  readonly column: number;
  readonly period: number;
  readonly rows: readonly number[];
}

export type Instruction =
  | CompareInstruction
  | WriteInstruction
  | WriteAllInstruction
  | RowReadInstruction
  | RowWriteInstruction
  | ColumnReadInstruction
  | ColumnWriteInstruction
  | ColumnWritePatternInstruction;

/**
 * Instruction counts shared by `countOp` results, an array's activity counters and the
 * executor's per-step tallies.
 */
export interface InstructionCounts {
  compares: number;
  /** Writes to tagged rows and all-row writes. */
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
}

/** A microprogram: the instructions an `ApArray` runs in order. */
export interface Program {
  readonly instructions: readonly Instruction[];
}

/**
 * Destination of the instructions that microcode generators emit. `ProgramBuilder` records them.
 * `CycleProbe` only adds up cycles, which `ops/multiply.ts` uses to choose between two recodings
 * of a constant.
 */
export interface MicrocodeSink {
  compare(columns: readonly number[], key: readonly Bit[], chain?: boolean): void;
  write(columns: readonly number[], values: readonly Bit[]): void;
  writeAll(columns: readonly number[], values: readonly Bit[]): void;
  rowRead(row: number, column: number, bits: number): void;
  rowWrite(row: number, column: number, bits: number): void;
  columnRead(column: number): void;
  columnWrite(column: number, rowOffset: number): void;
  columnWritePattern(column: number, period: number, rows: readonly number[]): void;
}

function checkColumns(columns: readonly number[], bits: readonly Bit[], instructionName: string): void {
  if (columns.length !== bits.length) {
    throw new RangeError(`${instructionName}: ${columns.length} columns but ${bits.length} key or value bits`);
  }
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i];
    if (!Number.isInteger(column) || column < 0) throw new RangeError(`${instructionName}: invalid column ${column}`);
    if (bits[i] !== 0 && bits[i] !== 1) throw new RangeError(`${instructionName}: key and value bits must be 0 or 1, got ${bits[i]}`);
    for (let j = 0; j < i; j++) {
      if (columns[j] === column) throw new RangeError(`${instructionName}: column ${column} is listed twice`);
    }
  }
}

function checkRowMove(row: number, column: number, bits: number, instructionName: string): void {
  if (!Number.isInteger(row) || row < 0) throw new RangeError(`${instructionName}: invalid row ${row}`);
  if (!Number.isInteger(column) || column < 0) throw new RangeError(`${instructionName}: invalid column ${column}`);
  if (!Number.isInteger(bits) || bits < 1) throw new RangeError(`${instructionName}: invalid width ${bits}`);
}

/** Throws a RangeError when an instruction is malformed (columns, key or values, rows, period). */
export function checkInstruction(instruction: Instruction): void {
  switch (instruction.kind) {
    case 'compare':
      checkColumns(instruction.columns, instruction.key, 'compare');
      break;
    case 'write':
    case 'writeAll':
      checkColumns(instruction.columns, instruction.values, instruction.kind);
      if (instruction.columns.length === 0) throw new RangeError(`${instruction.kind}: no columns`);
      break;
    case 'rowRead':
    case 'rowWrite':
      checkRowMove(instruction.row, instruction.column, instruction.bits, instruction.kind);
      break;
    case 'columnRead':
    case 'columnWrite':
    case 'columnWritePattern':
      if (!Number.isInteger(instruction.column) || instruction.column < 0) {
        throw new RangeError(`${instruction.kind}: invalid column ${instruction.column}`);
      }
      if (instruction.kind === 'columnWrite' && !Number.isInteger(instruction.rowOffset)) {
        throw new RangeError(`columnWrite: invalid row offset ${instruction.rowOffset}`);
      }
      if (instruction.kind === 'columnWritePattern') checkPattern(instruction.period, instruction.rows);
      break;
  }
}

function checkPattern(period: number, rows: readonly number[]): void {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`columnWritePattern: invalid period ${period}`);
  for (const row of rows) {
    if (!Number.isInteger(row) || row < 0 || row >= period) {
      throw new RangeError(`columnWritePattern: row ${row} lies outside the period ${period}`);
    }
  }
}

/** Records instructions, checking each one, and returns them as a `Program`. */
export class ProgramBuilder implements MicrocodeSink {
  readonly instructions: Instruction[] = [];

  compare(columns: readonly number[], key: readonly Bit[], chain = false): void {
    this.push({ kind: 'compare', columns: [...columns], key: [...key], chain });
  }

  write(columns: readonly number[], values: readonly Bit[]): void {
    this.push({ kind: 'write', columns: [...columns], values: [...values] });
  }

  writeAll(columns: readonly number[], values: readonly Bit[]): void {
    this.push({ kind: 'writeAll', columns: [...columns], values: [...values] });
  }

  rowRead(row: number, column: number, bits: number): void {
    this.push({ kind: 'rowRead', row, column, bits });
  }

  rowWrite(row: number, column: number, bits: number): void {
    this.push({ kind: 'rowWrite', row, column, bits });
  }

  columnRead(column: number): void {
    this.push({ kind: 'columnRead', column });
  }

  columnWrite(column: number, rowOffset: number): void {
    this.push({ kind: 'columnWrite', column, rowOffset });
  }

  columnWritePattern(column: number, period: number, rows: readonly number[]): void {
    this.push({ kind: 'columnWritePattern', column, period, rows: [...rows] });
  }

  private push(instruction: Instruction): void {
    checkInstruction(instruction);
    this.instructions.push(instruction);
  }

  build(): Program {
    return { instructions: this.instructions };
  }
}

/** A sink that only counts cycles, to compare the cost of two ways of generating the same result. */
export class CycleProbe implements MicrocodeSink {
  cycles = 0;

  compare(): void {
    this.cycles++;
  }

  write(): void {
    this.cycles++;
  }

  writeAll(): void {
    this.cycles++;
  }

  rowRead(): void {
    this.cycles++;
  }

  rowWrite(): void {
    this.cycles++;
  }

  columnRead(): void {
    this.cycles++;
  }

  columnWrite(): void {
    this.cycles++;
  }

  columnWritePattern(): void {
    this.cycles++;
  }
}
