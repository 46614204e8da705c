/**
 * In-place and out-of-place addition and subtraction, negation and absolute value.
 */
import { fieldsOverlap, operandBit, signColumn, ZERO_BIT, type Field } from '../field.js';
import type { MicrocodeSink } from '../instructions.js';
import { emitRules, rule, type Guard } from '../rules.js';
import { emitCopy } from './basic.js';
import { BORROW_SUB, CARRY_ADD, FIRST_ADD, FIRST_SUB, FULL_ADD, FULL_SUB } from './tables.js';

export interface AddOptions {
  /** The value added or subtracted, sign- or zero-extended to the destination width. */
  source: Field;
  /** Updated in place, modulo 2^bits. */
  destination: Field;
  /** Scratch column for the carry (the borrow when subtracting). */
  carry: number;
  subtract?: boolean;
  /** Rows outside the guard keep their destination value. */
  guard?: Guard;
  /** Set to false when the caller has already cleared the carry in every row. */
  clearCarry?: boolean;
}

/**
 * destination ← destination ± source, wrapping modulo 2^(destination bits). Bits of the
 * source above the destination width are ignored. Bit 0 takes 2 passes (the carry is known
 * to be 0), bits with a source column take 4, and bits above an unsigned source take 2 (only
 * the carry propagates). One all-row write clears the carry first.
 */
export function emitAdd(sink: MicrocodeSink, options: AddOptions): void {
  const { source, destination, carry } = options;
  if (fieldsOverlap(source, destination)) throw new RangeError('add: source and destination overlap');
  if (isInField(carry, source) || isInField(carry, destination)) throw new RangeError('add: the carry column lies inside an operand');

  if (options.clearCarry !== false) sink.writeAll([carry], [0]);

  const subtract = options.subtract === true;
  let carryKnownZero = true;
  for (let bit = 0; bit < destination.bits; bit++) {
    const operand = operandBit(source, bit);
    const binding = { a: operand, b: destination.offset + bit, c: carry };
    if (operand === ZERO_BIT) {
      if (carryKnownZero) continue;
      emitRules(sink, subtract ? BORROW_SUB : CARRY_ADD, binding);
    } else if (carryKnownZero) {
      emitRules(sink, subtract ? FIRST_SUB : FIRST_ADD, binding, { guard: options.guard });
      carryKnownZero = false;
    } else {
      emitRules(sink, subtract ? FULL_SUB : FULL_ADD, binding, { guard: options.guard });
    }
  }
}

export interface AddOutOptions {
  left: Field;
  right: Field;
  destination: Field;
  carry: number;
  subtract?: boolean;
}

/**
 * destination ← left ± right, wrapping modulo 2^(destination bits): a copy of `left` into the
 * destination followed by an in-place add of `right`. One all-row write clears the
 * destination and the carry together.
 */
export function emitAddOut(sink: MicrocodeSink, options: AddOutOptions): void {
  const { left, right, destination, carry } = options;
  if (fieldsOverlap(right, destination)) throw new RangeError('add: source and destination overlap');
  emitCopy(sink, { source: left, destination, alsoClear: [carry] });
  emitAdd(sink, { source: right, destination, carry, subtract: options.subtract, clearCarry: false });
}

/** Negation steps for one bit, with f = "a 1 was seen below this bit" and x the bit. */
const NEGATE_FIRST = [rule('x1', 'f1')];
const NEGATE_MIDDLE = [rule('f1 x0', 'f0 x1'), rule('f1 x1', 'x0'), rule('f0 x1', 'f1')];
const NEGATE_LAST = [rule('f1 x0', 'f0 x1'), rule('f1 x1', 'x0')];

/**
 * field ← −field in place, modulo 2^bits (so the most negative value maps to itself).
 * Two's complement negation keeps the bits up to and including the lowest 1 and inverts the
 * rest: x' = x XOR f, f' = f OR x, where the flag f starts at 0. Inverting the rows with f = 1
 * would swap states 10 and 11 into each other, so the first pass of a bit moves 10 to 01 (f
 * cleared as a marker), the second moves 11 to 10, and the third sets f for every row now in
 * 01, which is both the rows that started in 01 and those the first pass moved.
 * Passes: 1 for bit 0, 3 per middle bit, 2 for the top bit (f is dead), none for a 1-bit field.
 */
export function emitNegate(sink: MicrocodeSink, field: Field, flag: number): void {
  if (isInField(flag, field)) throw new RangeError('negate: the flag column lies inside the field');
  if (field.bits === 1) return;

  sink.writeAll([flag], [0]);
  for (let bit = 0; bit < field.bits; bit++) {
    const binding = { f: flag, x: field.offset + bit };
    if (bit === 0) emitRules(sink, NEGATE_FIRST, binding);
    else if (bit === field.bits - 1) emitRules(sink, NEGATE_LAST, binding);
    else emitRules(sink, NEGATE_MIDDLE, binding);
  }
}

const ABS_FIRST = [rule('s1 x1', 'f1')];
const ABS_MIDDLE = [rule('f1 x0', 'f0 x1'), rule('f1 x1', 'x0'), rule('s1 f0 x1', 'f1')];
const ABS_SIGN = [rule('f1', 'x0')];

/**
 * field ← |field| in place for a signed field: the negation of `emitNegate` restricted to the
 * rows whose sign bit is 1. The flag only becomes 1 in those rows, so only the rules that set it
 * need the sign in their key. The sign bit itself becomes NOT f, which is one pass. The minimum
 * value −2^(bits−1) keeps its bits, so the result is exact when read as an unsigned
 * field of the same width. Passes: 1 + 3 per middle bit + 1; none for a 1-bit field. An
 * unsigned field is left as it is, with no instruction.
 */
export function emitAbs(sink: MicrocodeSink, field: Field, flag: number): void {
  if (isInField(flag, field)) throw new RangeError('abs: the flag column lies inside the field');
  if (!field.signed || field.bits === 1) return;

  const sign = signColumn(field);
  sink.writeAll([flag], [0]);
  for (let bit = 0; bit < field.bits; bit++) {
    const binding = { f: flag, x: field.offset + bit, s: sign };
    if (bit === 0) emitRules(sink, ABS_FIRST, binding);
    else if (bit === field.bits - 1) emitRules(sink, ABS_SIGN, binding);
    else emitRules(sink, ABS_MIDDLE, binding);
  }
}

export function isInField(column: number, field: Field): boolean {
  return column >= field.offset && column < field.offset + field.bits;
}

