import { expect } from 'vitest';
import { ApArray, buildOp, countOp, type BuiltOp, type Field, type OpSpec } from '../../src/ap/index.js';
import { SeededRandom } from '../../src/util/random.js';

/** Smallest and largest value of a field. */
export function rangeOf(bits: number, signed: boolean): { min: bigint; max: bigint } {
  return signed ? { min: -(1n << BigInt(bits - 1)), max: (1n << BigInt(bits - 1)) - 1n } : { min: 0n, max: (1n << BigInt(bits)) - 1n };
}

/** Reduces a value modulo 2^bits into a field's range. */
export function wrap(value: bigint, bits: number, signed: boolean): bigint {
  return signed ? BigInt.asIntN(bits, value) : BigInt.asUintN(bits, value);
}

/**
 * Draws a field value: one time in three an extreme (most negative, −1, 0, 1, most positive,
 * all ones), otherwise uniform over the field's range.
 */
export function drawValue(random: SeededRandom, bits: number, signed: boolean): bigint {
  const { min, max } = rangeOf(bits, signed);
  if (random.nextInt(0, 2) === 0) {
    const extremes = [min, max, 0n, 1n, signed ? -1n : max, wrap(-1n, bits, signed)].filter((value) => value >= min && value <= max);
    return extremes[random.nextInt(0, extremes.length - 1)];
  }
  let pattern = 0n;
  for (let bit = 0; bit < bits; bit++) pattern = (pattern << 1n) | BigInt(random.nextInt(0, 1));
  return wrap(pattern, bits, signed);
}

export interface OpRun {
  built: BuiltOp;
  array: ApArray;
  /** Input values per row, by field name. */
  inputs: Record<string, bigint>[];
  activeRows: number;
}

export interface RunOptions {
  /** Active rows; the array has a few more rows that must stay untouched. */
  rows: number;
  seed: number;
  /** Fields filled with drawn values. Every other column contains random bits. */
  inputs: readonly string[];
  /** Overrides the drawn value of a field in a row. */
  override?: (name: string, row: number, drawn: bigint) => bigint;
  /** Number of columns left of the layout, filled with random bits. */
  leftPadding?: number;
}

/**
 * Builds the op's program with its layout shifted right by a few columns and fills every column
 * with random bits and the input fields with drawn values. Then it runs the program and checks
 * that no column outside the modified fields changed, in any row, and that no bit at all changed
 * in the rows above the active ones. Returns the run for value checks.
 */
export function runOp(spec: OpSpec, options: RunOptions): OpRun {
  const random = new SeededRandom(options.seed);
  const built = buildOp(spec, options.leftPadding ?? 3);
  const extraRows = 5;
  const array = new ApArray(options.rows + extraRows, built.columns + 2);

  for (let column = 0; column < array.columns; column++) {
    const words = new Int32Array(array.wordsPerColumn);
    for (let word = 0; word < words.length; word++) words[word] = random.nextUint32() | 0;
    array.setColumn(column, words);
  }
  const inputs: Record<string, bigint>[] = [];
  for (let row = 0; row < options.rows + extraRows; row++) {
    const values: Record<string, bigint> = {};
    for (const name of options.inputs) {
      const field = built.fields[name];
      const drawn = drawValue(random, field.bits, field.signed);
      values[name] = options.override ? options.override(name, row, drawn) : drawn;
      array.setField(row, field, values[name]);
    }
    if (row < options.rows) inputs.push(values);
  }
  array.activeRows = options.rows;

  const before = array.snapshot();
  array.run(built.program);
  const after = array.snapshot();

  const modifiedColumns = new Set<number>();
  for (const name of built.modified) {
    const field = built.fields[name];
    for (let bit = 0; bit < field.bits; bit++) modifiedColumns.add(field.offset + bit);
  }
  const words = array.wordsPerColumn;
  const firstInactiveRow = options.rows;
  for (let column = 0; column < array.columns; column++) {
    for (let word = 0; word < words; word++) {
      const index = column * words + word;
      if (!modifiedColumns.has(column)) {
        if (after[index] !== before[index]) throw new Error(`column ${column} outside the modified fields changed (word ${word})`);
        continue;
      }
      // Bits of rows at or above the active count must not change in any column.
      const firstRow = word * 32;
      let inactiveMask = 0;
      if (firstRow >= firstInactiveRow) inactiveMask = -1;
      else if (firstRow + 32 > firstInactiveRow) inactiveMask = ~((1 << (firstInactiveRow - firstRow)) - 1);
      if (((after[index] ^ before[index]) & inactiveMask) !== 0) throw new Error(`an inactive row changed in column ${column}`);
    }
  }

  return { built, array, inputs, activeRows: options.rows };
}

/** Checks that the array's counters after the run equal `countOp` of the spec. */
export function expectCountersMatch(run: OpRun): void {
  const count = countOp(run.built.spec);
  const counters = run.array.counters;
  expect(counters.compares).toBe(count.compares);
  expect(counters.writes).toBe(count.writes);
  expect(counters.rowReads).toBe(count.rowReads);
  expect(counters.rowWrites).toBe(count.rowWrites);
  expect(counters.columnReads).toBe(count.columnReads);
  expect(counters.columnWrites).toBe(count.columnWrites);
  expect(counters.cycles).toBe(count.cycles);
  expect(counters.comparedColumns).toBe(count.comparedColumns);
  expect(counters.rowsCompared).toBe(count.compares * run.activeRows);
}

/** Checks a field (or the op's result view) in every active row against the expected values. */
export function expectField(run: OpRun, name: string, expected: (inputs: Record<string, bigint>, row: number) => bigint): void {
  const field: Field | undefined = name === 'result' ? run.built.result : run.built.fields[name];
  if (field === undefined) throw new Error(`no field ${name}`);
  for (let row = 0; row < run.activeRows; row++) {
    const want = expected(run.inputs[row], row);
    const got = run.array.getField(row, field);
    if (got !== want) {
      const inputsText = Object.entries(run.inputs[row]).map(([key, value]) => `${key}=${value}`).join(', ');
      throw new Error(`${run.built.spec.op}: row ${row} (${inputsText}): ${name} is ${got}, expected ${want}`);
    }
  }
}

/** Row count from 64 to 300, avoiding multiples of 32. */
export function rowCount(random: number): number {
  const rows = 64 + (random % 237);
  return rows % 32 === 0 ? rows + 1 : rows;
}
