/**
 * Multiplication of two fields, multiplication by a constant broadcast to every row, and the
 * multiply-accumulate forms of both.
 */
import { fieldsOverlap, type Field } from '../field.js';
import { CycleProbe, type MicrocodeSink } from '../instructions.js';
import { emitAdd, isInField } from './arith.js';
import { emitTerms, termsProductBits, type Term } from './terms.js';

export interface MultiplyOptions {
  left: Field;
  /** The multiplier: one term per bit, guarded by that bit. */
  right: Field;
  /**
   * Receives left × right exactly; at least left.bits + right.bits wide. A wider field gets the
   * sign extension from the pass that writes the sign, so its width costs no pass.
   */
  product: Field;
  carry: number;
}

/**
 * product ← left × right, exact. Shift-and-add over the multiplier bits: multiplier bit i adds
 * left · 2^i in the rows where that bit is 1; for a signed multiplier the top bit subtracts
 * instead (its weight is −2^(n−1)). See `terms.ts` for the per-term microcode.
 */
export function emitMultiply(sink: MicrocodeSink, options: MultiplyOptions): void {
  const { left, right, product, carry } = options;
  if (fieldsOverlap(left, right) || fieldsOverlap(right, product)) throw new RangeError('multiply: operands overlap');
  if (isInField(carry, right)) throw new RangeError('multiply: the carry column lies inside an operand');
  emitTerms(sink, { source: left, product, carry, terms: multiplierTerms(right) });
}

/** Returns one term per multiplier bit, guarded by the bit. The top bit of a signed multiplier subtracts. */
export function multiplierTerms(right: Field): Term[] {
  const terms: Term[] = [];
  for (let bit = 0; bit < right.bits; bit++) {
    terms.push({
      shift: bit,
      negative: right.signed && bit === right.bits - 1,
      guard: { columns: [right.offset + bit], key: [1] },
    });
  }
  return terms;
}

export interface MultiplyAccumulateOptions extends MultiplyOptions {
  /** acc ← acc + left × right, wrapping modulo 2^(accumulator bits). */
  accumulator: Field;
}

/**
 * accumulator ← accumulator + left × right, wrapping at the accumulator width: the exact
 * product goes to the scratch `product` field, which is then added in place, sign-extended when
 * either operand is signed.
 */
export function emitMultiplyAccumulate(sink: MicrocodeSink, options: MultiplyAccumulateOptions): void {
  const { left, right, accumulator, carry } = options;
  const product = { ...options.product, signed: left.signed || right.signed };
  if (fieldsOverlap(accumulator, left) || fieldsOverlap(accumulator, right)) throw new RangeError('mac: operands overlap');
  emitMultiply(sink, { left, right, product, carry });
  emitAdd(sink, { source: product, destination: accumulator, carry });
}

/** Number of bits of |value| (0 for 0). */
export function bitLength(value: bigint): number {
  let magnitude = value < 0n ? -value : value;
  let bits = 0;
  while (magnitude > 0n) {
    magnitude >>= 1n;
    bits++;
  }
  return bits;
}

/**
 * Product width of `emitMultiplyConstant`: source bits + bitLength(|constant|) + 1 for a signed
 * source, + 2 for an unsigned one. It is one bit wider than the exact range needs so that both
 * recodings (which may place a digit one position above the top bit of |constant|) fit.
 */
export function constantProductBits(sourceBits: number, sourceSigned: boolean, constant: bigint): number {
  return sourceBits + bitLength(constant) + (sourceSigned ? 1 : 2);
}

/** Terms of the plain binary recoding: the bits of |c|, all subtracted when c < 0. */
export function binaryTerms(constant: bigint): Term[] {
  const negative = constant < 0n;
  let magnitude = negative ? -constant : constant;
  const terms: Term[] = [];
  for (let shift = 0; magnitude > 0n; shift++, magnitude >>= 1n) {
    if ((magnitude & 1n) === 1n) terms.push({ shift, negative });
  }
  return terms;
}

/**
 * Terms of the non-adjacent form (canonical signed digits): digits in {−1, 0, 1} with no two
 * adjacent nonzero digits, the signed-digit representation with the fewest nonzero digits.
 */
export function nonAdjacentTerms(constant: bigint): Term[] {
  const terms: Term[] = [];
  let rest = constant;
  for (let shift = 0; rest !== 0n; shift++) {
    if ((rest & 1n) === 1n) {
      // BigInt & works on two's complement, so rest & 3n is rest mod 4 for negative rest too.
      const digit = (rest & 3n) === 1n ? 1n : -1n;
      terms.push({ shift, negative: digit < 0n });
      rest -= digit;
    }
    rest >>= 1n;
  }
  return terms;
}

/**
 * Returns the recoding of the constant that takes fewer cycles for this source: the binary form
 * (passes only for the 1-bits of |c|) or the non-adjacent form (fewer nonzero digits, but a
 * subtracted digit costs a little more). On a tie the binary form is kept.
 */
export function chooseConstantTerms(source: Field, constant: bigint): Term[] {
  const binary = binaryTerms(constant);
  const nonAdjacent = nonAdjacentTerms(constant);
  if (binary.length <= 1) return binary;
  const bits = constantProductBits(source.bits, source.signed, constant);
  const probe = (terms: Term[]): number => {
    const sink = new CycleProbe();
    const layoutSource = { offset: 0, bits: source.bits, signed: source.signed };
    emitTerms(sink, { source: layoutSource, product: { offset: source.bits, bits, signed: true }, carry: source.bits + bits, terms });
    return sink.cycles;
  };
  return probe(nonAdjacent) < probe(binary) ? nonAdjacent : binary;
}

export interface MultiplyConstantOptions {
  source: Field;
  /** Broadcast to every row by the controller; it costs no column. */
  constant: bigint;
  /** At least `constantProductBits` wide. */
  product: Field;
  carry: number;
}

/**
 * product ← source × constant, exact. Only the nonzero digits of the chosen recoding of the
 * constant cost passes; a constant 0 costs one all-row write that clears the product.
 */
export function emitMultiplyConstant(sink: MicrocodeSink, options: MultiplyConstantOptions): void {
  const { source, constant, product, carry } = options;
  const needed = constantProductBits(source.bits, source.signed, constant);
  if (product.bits < needed) {
    throw new RangeError(`multiply by constant: the product field has ${product.bits} bits but needs ${needed}`);
  }
  const terms = chooseConstantTerms(source, constant);
  if (termsProductBits(source, terms) > product.bits) throw new Error('internal error: recoding exceeds the product width');
  emitTerms(sink, { source, product, carry, terms });
}

export interface MultiplyConstantAccumulateOptions extends MultiplyConstantOptions {
  accumulator: Field;
}

/**
 * accumulator ← accumulator + source × constant, wrapping at the accumulator width: the
 * product goes to the scratch `product` field and is then added in place. A constant 0 emits
 * nothing, as the accumulator does not change.
 */
export function emitMultiplyConstantAccumulate(sink: MicrocodeSink, options: MultiplyConstantAccumulateOptions): void {
  const { source, constant, accumulator, carry } = options;
  if (constant === 0n) return;
  if (fieldsOverlap(accumulator, source)) throw new RangeError('mac by constant: operands overlap');
  const product = { ...options.product, signed: source.signed || constant < 0n };
  emitMultiplyConstant(sink, { source, constant, product, carry });
  emitAdd(sink, { source: product, destination: accumulator, carry });
}
