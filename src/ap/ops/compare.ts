/**
 * Comparison of two fields into a flag column, and max / min built on it.
 */
import { fieldColumns, fieldsOverlap, operandBit, ZERO_BIT, type Field } from '../field.js';
import type { Bit, MicrocodeSink } from '../instructions.js';
import { isInField } from './arith.js';

export type ComparePredicate = 'lt' | 'le' | 'eq' | 'ge' | 'gt';

export const COMPARE_PREDICATES: readonly ComparePredicate[] = ['lt', 'le', 'eq', 'ge', 'gt'];

export interface CompareOptions {
  left: Field;
  right: Field;
  predicate: ComparePredicate;
  /** Receives 1 in the rows where `left predicate right` holds, else 0. */
  flag: number;
  /** Scratch column E ("equal so far"); `eq` does not use it. */
  scratch: number;
}

/** Width both operands are extended to: an unsigned operand compared with a signed one gains a 0 sign bit. */
export function compareWidth(left: Field, right: Field): number {
  const signed = left.signed || right.signed;
  const widthOf = (field: Field): number => field.bits + (signed && !field.signed ? 1 : 0);
  return Math.max(widthOf(left), widthOf(right));
}

/**
 * flag ← (left predicate right) as integers, for any mix of widths and signedness.
 *
 * Ordering predicates walk from the most significant bit down with E = 1 ("equal so far") and
 * the flag at its initial value (0 for lt and gt, 1 for le and ge). At each bit, a pass tags
 * the rows still equal whose bits decide in the direction that flips the flag, flips it and
 * clears E; a second pass clears E for the rows that decide the other way. At the least
 * significant bit E is dead, so only the flipping pass remains: 2 passes per bit − 1. In the
 * sign position of a signed comparison a 1 means smaller, so the keys swap there.
 *
 * eq starts with flag = 1 and clears it wherever a bit differs: 2 passes per bit, no E.
 * A bit where one operand is the constant 0 (above an unsigned operand) needs only the pass
 * whose key has a 0 for that operand.
 */
export function emitCompare(sink: MicrocodeSink, options: CompareOptions): void {
  const { left, right, predicate, flag, scratch } = options;
  if (fieldsOverlap(left, right)) throw new RangeError('compare: operands overlap');
  for (const column of [flag, scratch]) {
    if (isInField(column, left) || isInField(column, right)) throw new RangeError('compare: a scratch column lies inside an operand');
  }
  if (flag === scratch) throw new RangeError('compare: the flag and the scratch column must differ');

  const signed = left.signed || right.signed;
  const width = compareWidth(left, right);

  if (predicate === 'eq') {
    sink.writeAll([flag], [1]);
    for (let bit = width - 1; bit >= 0; bit--) {
      const a = operandBit(left, bit);
      const b = operandBit(right, bit);
      emitDecision(sink, a, 0, b, 1, undefined, [flag], [0]);
      emitDecision(sink, a, 1, b, 0, undefined, [flag], [0]);
    }
    return;
  }

  const initial: Bit = predicate === 'le' || predicate === 'ge' ? 1 : 0;
  const flipsOnLess = predicate === 'lt' || predicate === 'ge';
  const useEqual = width >= 2;
  sink.writeAll(useEqual ? [flag, scratch] : [flag], useEqual ? [initial, 1] : [initial]);

  for (let bit = width - 1; bit >= 0; bit--) {
    const a = operandBit(left, bit);
    const b = operandBit(right, bit);
    const signPosition = signed && bit === width - 1;
    // Key bits (a, b) meaning "left < right" at this bit.
    const lessA: Bit = signPosition ? 1 : 0;
    const lessB: Bit = signPosition ? 0 : 1;
    const flipA = flipsOnLess ? lessA : flipBit(lessA);
    const flipB = flipsOnLess ? lessB : flipBit(lessB);
    // E is 1 in every row at the top bit, so it stays out of the key there.
    const equal = useEqual && bit !== width - 1 ? scratch : undefined;
    const isLast = bit === 0;

    emitDecision(sink, a, flipA, b, flipB, equal, isLast ? [flag] : [flag, scratch], isLast ? [flipBit(initial)] : [flipBit(initial), 0]);
    if (!isLast) emitDecision(sink, a, flipBit(flipA), b, flipBit(flipB), equal, [scratch], [0]);
  }
}

/** Emits one pass keyed on (E = 1,) a = aBit, b = bBit, unless a constant-0 operand bit makes it impossible. */
function emitDecision(
  sink: MicrocodeSink,
  a: number,
  aBit: Bit,
  b: number,
  bBit: Bit,
  equal: number | undefined,
  writeColumns: number[],
  values: Bit[],
): void {
  if ((a === ZERO_BIT && aBit === 1) || (b === ZERO_BIT && bBit === 1)) return;
  if (a === ZERO_BIT && b === ZERO_BIT) return;
  const keyColumns: number[] = [];
  const key: Bit[] = [];
  if (equal !== undefined) {
    keyColumns.push(equal);
    key.push(1);
  }
  if (a !== ZERO_BIT) {
    keyColumns.push(a);
    key.push(aBit);
  }
  if (b !== ZERO_BIT) {
    keyColumns.push(b);
    key.push(bBit);
  }
  sink.compare(keyColumns, key);
  sink.write(writeColumns, values);
}

function flipBit(bit: Bit): Bit {
  return bit === 1 ? 0 : 1;
}

export interface MinMaxOptions {
  /** Updated in place: destination ← max(destination, source) or min(...). */
  destination: Field;
  source: Field;
  kind: 'max' | 'min';
  flag: number;
  scratch: number;
}

/**
 * destination ← max(destination, source) (or min). The flag marks the rows where the source
 * wins (destination < source for max, > for min); one pass clears the destination in those rows
 * and one pass per source bit copies its 1s, the sign bit's pass also writing the sign
 * extension. A source value that does not fit the destination wraps modulo 2^bits.
 */
export function emitMinMax(sink: MicrocodeSink, options: MinMaxOptions): void {
  const { destination, source, flag, scratch } = options;
  emitCompare(sink, { left: destination, right: source, predicate: options.kind === 'max' ? 'lt' : 'gt', flag, scratch });

  const columns = fieldColumns(destination);
  sink.compare([flag], [1]);
  sink.write(columns, columns.map(() => 0 as Bit));

  const copied = Math.min(destination.bits, source.bits);
  for (let bit = 0; bit < copied; bit++) {
    const writeColumns = [destination.offset + bit];
    if (bit === source.bits - 1 && source.signed) {
      for (let extension = bit + 1; extension < destination.bits; extension++) writeColumns.push(destination.offset + extension);
    }
    sink.compare([flag, source.offset + bit], [1, 1]);
    sink.write(writeColumns, writeColumns.map(() => 1 as Bit));
  }
}
