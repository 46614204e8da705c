/**
 * Shift-and-add accumulation: product ← Σ ±source · 2^shift over a list of terms, each
 * optionally restricted to the rows where a guard column is 1. Multiplication (one term per
 * multiplier bit, guarded by that bit) and multiplication by a constant (one term per nonzero
 * digit of the constant) are both built on it.
 *
 * The product is kept exact by growing it one bit per term instead of sign-extending every
 * partial sum to the full width, which would make each term pay for carry propagation through
 * the whole product. Invariant before a term at shift k: the partial sum fits in `width` bits
 * and the columns above are 0. When the sum may be negative, its sign has already been copied up
 * to the column the next term reads as its sign. Each term then touches only its own region:
 *
 *   copy       first positive term: one pass per source bit (the product is still 0)
 *   negcopy    first negative term: product region ← −source, 2 passes per bit
 *   carry-out  unsigned source, sum known ≥ 0, add: region add + 1 pass writing the carry out
 *   borrow-out unsigned source, sum known ≥ 0, subtract: region subtract + 1 pass writing the sign
 *   signed     otherwise: region add/subtract whose top bit uses a signed-top table that writes
 *              the sign of the result one column higher
 *
 * Sign extension for the next term is written by the same pass that writes the sign, as extra
 * columns of its multi-column write, so it costs no pass.
 */
import { fieldColumns, fieldsOverlap, operandBit, signColumn, type Field } from '../field.js';
import type { Bit, MicrocodeSink } from '../instructions.js';
import { emitRules, rule, type Guard, type PassRule } from '../rules.js';
import { isInField } from './arith.js';
import {
  FIRST_ADD,
  FIRST_SUB,
  FULL_ADD,
  FULL_SUB,
  SIGNED_TOP_ADD,
  SIGNED_TOP_ADD_ZERO,
  SIGNED_TOP_SUB,
  SIGNED_TOP_SUB_ZERO,
} from './tables.js';

export interface Term {
  /** Weight 2^shift of the term. Shifts must increase strictly along the list. */
  readonly shift: number;
  /** Subtract the term instead of adding it. */
  readonly negative: boolean;
  /** Only rows matching the guard receive the term. */
  readonly guard?: Guard;
}

export interface TermsOptions {
  source: Field;
  /** Cleared first; receives the sum. It must be at least `termsProductBits` wide. */
  product: Field;
  carry: number;
  terms: readonly Term[];
}

/** Negated copy, with f = "a 1 was seen below this bit" in the carry column and d the product bit. */
const NEGCOPY_FIRST = [rule('x1', 'd1 f1', true)];
const NEGCOPY_BIT = [rule('f1 x0', 'd1'), rule('f0 x1', 'd1 f1', true)];
const NEGCOPY_TOP_UNSIGNED = [rule('f1', 'd1 f0')];
const NEGCOPY_TOP_SIGNED = [rule('f1 s0', 'd1')];
const CARRY_OUT = [rule('c1', 't1 c0')];

/**
 * Returns the product width the term accumulation needs: one more than the highest column it
 * writes before sign extension. For a multiplier of n bits (terms at shifts 0 .. n − 1) this is
 * source bits + n.
 */
export function termsProductBits(source: Field, terms: readonly Term[]): number {
  const m = source.bits;
  const signedBits = source.signed ? m : m + 1;
  let needed = 1;
  let mayBeNegative = false;
  terms.forEach((term, index) => {
    const k = term.shift;
    if (index === 0) {
      needed = term.negative ? k + m + 1 : k + m;
      mayBeNegative = source.signed || term.negative;
    } else if (!mayBeNegative && !source.signed) {
      needed = Math.max(needed, k + m + 1);
      mayBeNegative = term.negative;
    } else {
      needed = Math.max(needed, k + signedBits + 1);
    }
  });
  return needed;
}

export function emitTerms(sink: MicrocodeSink, options: TermsOptions): void {
  const { source, product, carry, terms } = options;
  validateTerms(options);

  const m = source.bits;
  const signedBits = source.signed ? m : m + 1;
  const out = product.bits;
  const column = (bit: number): number => product.offset + bit;
  const columnsBetween = (from: number, to: number): number[] => {
    const columns: number[] = [];
    for (let bit = from; bit < to; bit++) columns.push(column(bit));
    return columns;
  };

  const cleared = [...fieldColumns(product), carry];
  sink.writeAll(cleared, cleared.map(() => 0 as Bit));

  let mayBeNegative = false;
  let width = 0;
  let carryClean = true;
  for (let index = 0; index < terms.length; index++) {
    const { shift: k, negative, guard } = terms[index];
    const next = terms[index + 1];
    // The next term reads the partial sum's sign at column next.shift + signedBits − 1.
    const extendTo = next === undefined ? out : Math.min(out, next.shift + signedBits);

    if (index === 0) {
      if (!negative) {
        emitCopyTerm(sink, source, column, k, out, columnsBetween(k + m, extendTo), guard);
        mayBeNegative = source.signed;
        width = source.signed ? Math.max(k + m, extendTo) : k + m;
      } else {
        emitNegatedCopyTerm(sink, source, column, k, carry, columnsBetween(k + m + 1, extendTo), guard);
        mayBeNegative = true;
        width = Math.max(k + m + 1, extendTo);
        carryClean = !source.signed;
      }
      continue;
    }

    if (!carryClean) sink.writeAll([carry], [0]);

    if (!mayBeNegative && !source.signed) {
      check(width <= k + m && k + m < out, 'the product field is too narrow for an unsigned term');
      emitRegion(sink, source, column, k, m, carry, negative, guard);
      const top = { t: column(k + m), c: carry };
      if (!negative) {
        emitRules(sink, CARRY_OUT, top);
        width = k + m + 1;
      } else {
        emitRules(sink, CARRY_OUT, top, { extend: { role: 't', columns: columnsBetween(k + m + 1, extendTo) } });
        mayBeNegative = true;
        width = Math.max(k + m + 1, extendTo);
      }
      carryClean = true;
      continue;
    }

    check(mayBeNegative && width <= k + signedBits && k + signedBits < out, 'the product field is too narrow for a signed term');
    emitRegion(sink, source, column, k, signedBits - 1, carry, negative, guard);
    const topBit = signedBits - 1;
    const binding = { a: operandBit(source, topBit), b: column(k + topBit), c: carry, t: column(k + signedBits) };
    const extend = { role: 't', columns: columnsBetween(k + signedBits + 1, extendTo) };
    let table: readonly PassRule[];
    if (source.signed) table = negative ? SIGNED_TOP_SUB : SIGNED_TOP_ADD;
    else table = negative ? SIGNED_TOP_SUB_ZERO : SIGNED_TOP_ADD_ZERO;
    emitRules(sink, table, binding, { guard, extend, knownZero: topBit === 0 ? 'c' : undefined });
    width = Math.max(k + signedBits + 1, extendTo);
    carryClean = !source.signed;
  }
}

/** Adds or subtracts source bits 0 .. count − 1 into product columns k .. k + count − 1. */
function emitRegion(
  sink: MicrocodeSink,
  source: Field,
  column: (bit: number) => number,
  k: number,
  count: number,
  carry: number,
  negative: boolean,
  guard: Guard | undefined,
): void {
  for (let bit = 0; bit < count; bit++) {
    const binding = { a: source.offset + bit, b: column(k + bit), c: carry };
    let table: readonly PassRule[];
    if (bit === 0) table = negative ? FIRST_SUB : FIRST_ADD;
    else table = negative ? FULL_SUB : FULL_ADD;
    emitRules(sink, table, binding, { guard });
  }
}

function emitCopyTerm(
  sink: MicrocodeSink,
  source: Field,
  column: (bit: number) => number,
  k: number,
  out: number,
  extension: readonly number[],
  guard: Guard | undefined,
): void {
  for (let bit = 0; bit < source.bits && k + bit < out; bit++) {
    const writeColumns = [column(k + bit)];
    if (bit === source.bits - 1 && source.signed) writeColumns.push(...extension);
    sink.compare([source.offset + bit, ...(guard?.columns ?? [])], [1, ...(guard?.key ?? [])]);
    sink.write(writeColumns, writeColumns.map(() => 1 as Bit));
  }
}

/**
 * Product region ← −source (m + 1 bits), using the carry column as the flag f ("a 1 was seen
 * below"): d = x XOR f, f' = f OR x. The product starts at 0, so each bit needs 2 passes,
 * or 1 for bit 0. The bit above the source is f for an unsigned source. For a signed source it
 * is (NOT sign) AND f, because −source is at most 2^(m−1), and for a 1-bit signed source it is 0.
 */
function emitNegatedCopyTerm(
  sink: MicrocodeSink,
  source: Field,
  column: (bit: number) => number,
  k: number,
  carry: number,
  extension: readonly number[],
  guard: Guard | undefined,
): void {
  const m = source.bits;
  for (let bit = 0; bit < m; bit++) {
    const binding = { x: source.offset + bit, d: column(k + bit), f: carry };
    emitRules(sink, bit === 0 ? NEGCOPY_FIRST : NEGCOPY_BIT, binding, { guard });
  }
  const binding = { d: column(k + m), f: carry, s: signColumn(source) };
  const extend = { role: 'd', columns: extension };
  if (!source.signed) emitRules(sink, NEGCOPY_TOP_UNSIGNED, binding, { extend });
  else if (m >= 2) emitRules(sink, NEGCOPY_TOP_SIGNED, binding, { extend });
}

function validateTerms(options: TermsOptions): void {
  const { source, product, carry, terms } = options;
  if (fieldsOverlap(source, product)) throw new RangeError('multiply: the source and the product overlap');
  if (isInField(carry, source) || isInField(carry, product)) throw new RangeError('multiply: the carry column lies inside an operand');
  for (let index = 0; index < terms.length; index++) {
    const term = terms[index];
    if (!Number.isInteger(term.shift) || term.shift < 0) throw new RangeError(`multiply: invalid term shift ${term.shift}`);
    if (index > 0 && term.shift <= terms[index - 1].shift) throw new RangeError('multiply: term shifts must increase');
    for (const guardColumn of term.guard?.columns ?? []) {
      if (isInField(guardColumn, product) || guardColumn === carry) throw new RangeError('multiply: a guard column lies inside the product');
    }
  }
  const needed = termsProductBits(source, terms);
  if (product.bits < needed) {
    throw new RangeError(`multiply: the product field has ${product.bits} bits but these terms need ${needed}`);
  }
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`internal error in term accumulation: ${message}`);
}
