/**
 * Plain-data descriptions of AP operations (`OpSpec`), their validation, and the cache key of
 * `countOp`. Widths are in bits; a missing `…Signed` field means unsigned.
 */
import { InputError } from '../util/errors.js';
import type { ComparePredicate } from './ops/compare.js';

type Constant = bigint | number;

export type OpSpec =
  | { op: 'clear'; bits: number }
  | { op: 'set'; bits: number }
  | { op: 'copy'; aBits: number; aSigned?: boolean; bits: number }
  | { op: 'add' | 'sub'; aBits: number; aSigned?: boolean; bBits: number }
  | { op: 'addOut' | 'subOut'; aBits: number; aSigned?: boolean; bBits: number; bSigned?: boolean; bits: number }
  | { op: 'negate'; bits: number }
  | { op: 'abs'; bits: number; signed?: boolean }
  | { op: 'mul'; aBits: number; aSigned?: boolean; bBits: number; bSigned?: boolean; bits?: number }
  | { op: 'mac'; aBits: number; aSigned?: boolean; bBits: number; bSigned?: boolean; accBits: number }
  | { op: 'mulConst'; xBits: number; xSigned?: boolean; constant: Constant }
  | { op: 'macConst'; xBits: number; xSigned?: boolean; constant: Constant; accBits: number }
  | { op: ComparePredicate; aBits: number; aSigned?: boolean; bBits: number; bSigned?: boolean }
  | { op: 'max' | 'min'; aBits: number; aSigned?: boolean; bBits: number; bSigned?: boolean }
  | { op: 'relu'; bits: number; signed?: boolean }
  | { op: 'shift'; bits: number; signed?: boolean; shift: number }
  | { op: 'clamp'; bits: number; signed?: boolean; outBits: number; outSigned?: boolean }
  | {
      op: 'requant';
      accBits: number;
      accSigned?: boolean;
      multiplier: Constant;
      shift: number;
      outBits: number;
      outSigned?: boolean;
    }
  | { op: 'reduce1d'; terms: number; bits: number; groups?: number }
  | { op: 'reduce2d'; terms: number; bits: number };

export type OpName = OpSpec['op'];

/** Limits of one spec field. */
export interface SpecFieldLimits {
  name: string;
  kind: 'integer' | 'boolean' | 'constant';
  /** Inclusive bounds for integers and constants. */
  min?: number | bigint;
  max?: number | bigint;
  optional?: boolean;
  description: string;
}

/** Widest operand of add, compare, copy and clamp specs. */
export const OPERAND_BITS = 64;
const MULTIPLIER_OPERAND_BITS = 32;
const MAX_TERMS = 2 ** 24;

function width(name: string, description: string, max = OPERAND_BITS): SpecFieldLimits {
  return { name, kind: 'integer', min: 1, max, description };
}

function signedness(name: string, description: string): SpecFieldLimits {
  return { name, kind: 'boolean', optional: true, description };
}

const CONSTANT_LIMIT = 2n ** 32n - 1n;

const A_B_FIELDS = (max: number): SpecFieldLimits[] => [
  width('aBits', 'width of operand a', max),
  signedness('aSigned', 'operand a is two’s complement'),
  width('bBits', 'width of operand b', max),
  signedness('bSigned', 'operand b is two’s complement'),
];

/** Spec fields of every operation, in cache-key order. */
export const SPEC_FIELDS: Readonly<Record<OpName, readonly SpecFieldLimits[]>> = {
  clear: [width('bits', 'field width')],
  set: [width('bits', 'field width')],
  copy: [width('aBits', 'source width'), signedness('aSigned', 'source is two’s complement'), width('bits', 'destination width')],
  add: [width('aBits', 'width of the added operand a'), signedness('aSigned', 'a is two’s complement'), width('bBits', 'width of the destination b')],
  sub: [width('aBits', 'width of the subtracted operand a'), signedness('aSigned', 'a is two’s complement'), width('bBits', 'width of the destination b')],
  addOut: [...A_B_FIELDS(OPERAND_BITS), width('bits', 'destination width')],
  subOut: [...A_B_FIELDS(OPERAND_BITS), width('bits', 'destination width')],
  negate: [width('bits', 'field width')],
  abs: [width('bits', 'field width'), signedness('signed', 'field is two’s complement (an unsigned field costs nothing)')],
  mul: [
    ...A_B_FIELDS(MULTIPLIER_OPERAND_BITS),
    { ...width('bits', 'product width, at least aBits + bBits (default aBits + bBits)'), optional: true },
  ],
  mac: [...A_B_FIELDS(MULTIPLIER_OPERAND_BITS), width('accBits', 'accumulator width')],
  mulConst: [
    width('xBits', 'width of the operand x', MULTIPLIER_OPERAND_BITS),
    signedness('xSigned', 'x is two’s complement'),
    { name: 'constant', kind: 'constant', min: -CONSTANT_LIMIT, max: CONSTANT_LIMIT, description: 'integer broadcast to every row' },
  ],
  macConst: [
    width('xBits', 'width of the operand x', MULTIPLIER_OPERAND_BITS),
    signedness('xSigned', 'x is two’s complement'),
    { name: 'constant', kind: 'constant', min: -CONSTANT_LIMIT, max: CONSTANT_LIMIT, description: 'integer broadcast to every row' },
    width('accBits', 'accumulator width'),
  ],
  lt: A_B_FIELDS(OPERAND_BITS),
  le: A_B_FIELDS(OPERAND_BITS),
  eq: A_B_FIELDS(OPERAND_BITS),
  ge: A_B_FIELDS(OPERAND_BITS),
  gt: A_B_FIELDS(OPERAND_BITS),
  max: A_B_FIELDS(OPERAND_BITS),
  min: A_B_FIELDS(OPERAND_BITS),
  relu: [width('bits', 'field width'), signedness('signed', 'field is two’s complement (an unsigned field costs nothing)')],
  shift: [
    width('bits', 'field width'),
    signedness('signed', 'field is two’s complement'),
    { name: 'shift', kind: 'integer', min: 0, max: OPERAND_BITS - 1, description: 'right shift in bits, less than the width' },
  ],
  clamp: [
    width('bits', 'width of the clamped field'),
    signedness('signed', 'the field is two’s complement'),
    width('outBits', 'output width m'),
    signedness('outSigned', 'output range is signed [−2^(m−1), 2^(m−1)−1] instead of [0, 2^m−1]'),
  ],
  requant: [
    width('accBits', 'accumulator width'),
    signedness('accSigned', 'accumulator is two’s complement'),
    { name: 'multiplier', kind: 'constant', min: 0n, max: 2n ** 31n - 1n, description: 'dyadic mantissa B' },
    { name: 'shift', kind: 'integer', min: 0, max: 63, description: 'dyadic shift C' },
    width('outBits', 'output width b', MULTIPLIER_OPERAND_BITS),
    signedness('outSigned', 'output range is signed instead of unsigned'),
  ],
  reduce1d: [
    { name: 'terms', kind: 'integer', min: 1, max: MAX_TERMS, description: 'rows per group K' },
    width('bits', 'width of the partial sums'),
    { name: 'groups', kind: 'integer', min: 1, max: MAX_TERMS, optional: true, description: 'number of groups (default 1)' },
  ],
  reduce2d: [
    { name: 'terms', kind: 'integer', min: 1, max: MAX_TERMS, description: 'rows per group K' },
    width('bits', 'width of the partial sums'),
  ],
};

const OP_NAMES = new Set(Object.keys(SPEC_FIELDS));

/** Returns true for a known operation name. */
export function isOpName(name: unknown): name is OpName {
  return typeof name === 'string' && OP_NAMES.has(name);
}

/**
 * Returns the `countOp` cache key: the operation and its spec fields in a fixed order. It does
 * not validate; an invalid spec produces a key that is never cached.
 */
export function specKey(spec: OpSpec): string {
  const fields = SPEC_FIELDS[spec.op];
  if (fields === undefined) return '';
  const record = spec as unknown as Record<string, unknown>;
  let key: string = spec.op;
  for (let index = 0; index < fields.length; index++) {
    const value = record[fields[index].name];
    if (value === true) key += '|1';
    else if (value === false || value === undefined) key += '|0';
    else key += `|${String(value)}`;
  }
  return key;
}

/**
 * Checks every field of a spec and throws an `InputError` naming the field, its value and the
 * accepted range. Also checks the cross-field limits (the shift of `shift` below the width).
 */
export function validateSpec(spec: OpSpec): void {
  const op = (spec as { op?: unknown }).op;
  if (!isOpName(op)) {
    throw new InputError({ field: 'op', value: op, expected: `Name one of the operations: ${[...OP_NAMES].join(', ')}.` });
  }
  const record = spec as unknown as Record<string, unknown>;
  for (const field of SPEC_FIELDS[op]) {
    const value = record[field.name];
    const where = `${op}.${field.name}`;
    if (value === undefined) {
      if (field.optional || field.kind === 'boolean') continue;
      throw new InputError({ field: where, expected: `The ${field.description} (${where}) is missing.` });
    }
    if (field.kind === 'boolean') {
      if (typeof value !== 'boolean') throw new InputError({ field: where, value, expected: 'Give true or false.' });
    } else if (field.kind === 'integer') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < Number(field.min) || value > Number(field.max)) {
        throw new InputError({ field: where, value, expected: `Give the ${field.description} as an integer from ${field.min} to ${field.max}.` });
      }
    } else {
      const ok = (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) &&
        BigInt(value) >= BigInt(field.min ?? 0) && BigInt(value) <= BigInt(field.max ?? 0);
      if (!ok) {
        throw new InputError({ field: where, value, expected: `Give the ${field.description} as an integer from ${field.min} to ${field.max}.` });
      }
    }
  }
  if (spec.op === 'mul' && spec.bits !== undefined && spec.bits < spec.aBits + spec.bBits) {
    throw new InputError({ field: 'mul.bits', value: spec.bits, expected: `Give a product width of at least aBits + bBits = ${spec.aBits + spec.bBits}.` });
  }
  if (spec.op === 'shift' && spec.shift >= spec.bits) {
    throw new InputError({ field: 'shift.shift', value: spec.shift, expected: `Give a shift below the field width ${spec.bits}.` });
  }
}
