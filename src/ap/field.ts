/**
 * Fields (a range of bit-columns that contains one integer per row) and the column allocator that
 * lays fields out side by side.
 */

/** A range of columns holding one value per row, least significant bit at `offset`. */
export interface Field {
  /** First (least significant) column. */
  readonly offset: number;
  /** Width in bits, at least 1. */
  readonly bits: number;
  /** Two's complement when true, unsigned otherwise. */
  readonly signed: boolean;
}

/**
 * Marker for an operand bit that is the constant 0: a bit above the width of an unsigned
 * field. Microcode leaves such a bit out of compare keys and specializes its truth tables.
 */
export const ZERO_BIT = -1;

export function makeField(offset: number, bits: number, signed = false): Field {
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`field offset must be a non-negative integer, got ${offset}`);
  if (!Number.isInteger(bits) || bits < 1) throw new RangeError(`field width must be a positive integer, got ${bits}`);
  return { offset, bits, signed };
}

/** Returns the column of bit `bit` of the field, or the column a sign- or zero-extension reads. */
export function operandBit(field: Field, bit: number): number {
  if (bit < field.bits) return field.offset + bit;
  return field.signed ? field.offset + field.bits - 1 : ZERO_BIT;
}

/** Returns the columns of the field, least significant first. */
export function fieldColumns(field: Field): number[] {
  const columns: number[] = [];
  for (let bit = 0; bit < field.bits; bit++) columns.push(field.offset + bit);
  return columns;
}

/** Returns the sign column of a signed field (its top column). */
export function signColumn(field: Field): number {
  return field.offset + field.bits - 1;
}

/**
 * Returns the view of bits `fromBit .. fromBit + bits - 1` of a field. The view is a field of its
 * own: writing a value into the view of a wider destination starting at bit s stores the value
 * multiplied by 2^s there.
 */
export function sliceField(field: Field, fromBit: number, bits = field.bits - fromBit, signed = field.signed): Field {
  if (!Number.isInteger(fromBit) || fromBit < 0 || fromBit + bits > field.bits || bits < 1) {
    throw new RangeError(`slice ${fromBit}+${bits} lies outside a ${field.bits}-bit field`);
  }
  return { offset: field.offset + fromBit, bits, signed };
}

/**
 * Returns the arithmetic right shift of a field by `shift` bits as a view that re-indexes its
 * columns, so the shift costs no cycle. The value read through the view is floor(value / 2^shift)
 * for a signed field and the integer quotient for an unsigned one. At least one bit must remain.
 */
export function shiftRight(field: Field, shift: number): Field {
  if (!Number.isInteger(shift) || shift < 0 || shift >= field.bits) {
    throw new RangeError(`shift must be an integer from 0 to ${field.bits - 1} for a ${field.bits}-bit field, got ${shift}`);
  }
  return { offset: field.offset + shift, bits: field.bits - shift, signed: field.signed };
}

/** Returns true when two fields share a column. */
export function fieldsOverlap(a: Field, b: Field): boolean {
  return a.offset < b.offset + b.bits && b.offset < a.offset + a.bits;
}

/**
 * Hands out columns from left to right. Microcode builders take their scratch columns (carry,
 * flags, temporaries) as explicit operands, and callers and the canonical layouts of `countOp`
 * obtain them from this allocator.
 */
export class ColumnAllocator {
  private next: number;

  constructor(firstColumn = 0) {
    this.next = firstColumn;
  }

  /** Allocates a field of `bits` columns. */
  field(bits: number, signed = false): Field {
    const field = makeField(this.next, bits, signed);
    this.next += bits;
    return field;
  }

  /** Allocates one column. */
  column(): number {
    return this.next++;
  }

  /** Number of the first column not yet handed out, which is the array width the layout needs. */
  get end(): number {
    return this.next;
  }
}
