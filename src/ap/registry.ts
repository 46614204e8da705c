/**
 * The registry of AP operations: a description and the spec fields of each, and `buildOp`,
 * which lays an operation out on canonical columns and generates its microprogram. `countOp`
 * counts the program `buildOp` generates; the tests run the same program on data.
 */
import { ColumnAllocator, shiftRight, type Field } from './field.js';
import { ProgramBuilder, type MicrocodeSink, type Program } from './instructions.js';
import { emitAbs, emitAdd, emitAddOut, emitNegate } from './ops/arith.js';
import { emitClear, emitCopy, emitRelu, emitSet } from './ops/basic.js';
import { emitCompare, emitMinMax } from './ops/compare.js';
import {
  constantProductBits,
  emitMultiply,
  emitMultiplyAccumulate,
  emitMultiplyConstant,
  emitMultiplyConstantAccumulate,
} from './ops/multiply.js';
import { emitReduce1d, emitReduce2d } from './ops/reduce.js';
import { emitClamp, emitRequantize, requantProductBits } from './ops/requant.js';
import { SPEC_FIELDS, validateSpec, type OpName, type OpSpec, type SpecFieldLimits } from './spec.js';

export interface ApOperationInfo {
  op: OpName;
  description: string;
  /** The spec fields the operation takes, with their limits. */
  fields: readonly SpecFieldLimits[];
}

const DESCRIPTIONS: Readonly<Record<OpName, string>> = {
  clear: 'field ← 0 in every row',
  set: 'field ← a constant in every row',
  copy: 'destination ← a, sign- or zero-extended or truncated',
  add: 'b ← b + a in place, modulo 2^bBits',
  sub: 'b ← b − a in place, modulo 2^bBits',
  addOut: 'destination ← a + b, modulo 2^bits',
  subOut: 'destination ← a − b, modulo 2^bits',
  negate: 'x ← −x in place, modulo 2^bits',
  abs: 'x ← |x| in place (exact when read as unsigned)',
  mul: 'product ← a × b, exact in aBits + bBits bits or a wider product field',
  mac: 'acc ← acc + a × b, modulo 2^accBits',
  mulConst: 'product ← x × constant (broadcast), exact',
  macConst: 'acc ← acc + x × constant (broadcast), modulo 2^accBits',
  lt: 'flag ← a < b',
  le: 'flag ← a ≤ b',
  eq: 'flag ← a = b',
  ge: 'flag ← a ≥ b',
  gt: 'flag ← a > b',
  max: 'a ← max(a, b) in place',
  min: 'a ← min(a, b) in place',
  relu: 'x ← max(x, 0) in place',
  shift: 'arithmetic right shift as a column view, no cycle',
  clamp: 'x ← clamp(x) to an m-bit signed or unsigned range, in place',
  requant: 'q ← clamp(floor((acc·B + 2^(C−1)) / 2^C)), HAWQ-V3 dyadic requantization',
  reduce1d: 'sum of K rows per group, word-serial row moves (1D AP)',
  reduce2d: 'sum of K rows per group, column moves with a row offset (2D AP)',
};

/** Every operation, in the order the `ops` command and docs/ap-operations.md list them. */
export const AP_OPERATIONS: readonly ApOperationInfo[] = (Object.keys(SPEC_FIELDS) as OpName[]).map((op) => ({
  op,
  description: DESCRIPTIONS[op],
  fields: SPEC_FIELDS[op],
}));

/** An operation laid out on canonical columns, with its program. */
export interface BuiltOp {
  readonly spec: OpSpec;
  readonly program: Program;
  /** Operand and scratch fields by name; scratch columns are 1-bit fields. */
  readonly fields: Readonly<Record<string, Field>>;
  /** Names of the fields the program may change. Every other column stays as it is. */
  readonly modified: readonly string[];
  /** Field of the result, for operations whose result is a view (shift, requant). */
  readonly result?: Field;
  /** First column after the layout: the array width it needs. */
  readonly columns: number;
}

function asBigInt(value: bigint | number): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

/**
 * Validates a spec, lays its operands out from `firstColumn` (operands first, then scratch) and
 * generates the operation's program. Unsigned is the default for every signedness field.
 */
export function buildOp(spec: OpSpec, firstColumn = 0): BuiltOp {
  const builder = new ProgramBuilder();
  const layout = emitOp(spec, builder, firstColumn);
  return { spec, program: builder.build(), ...layout };
}

/** Layout of an operation on canonical columns, without its program. */
export type OpLayout = Omit<BuiltOp, 'spec' | 'program'>;

/**
 * Validates a spec, lays its operands out from `firstColumn` and emits its microcode into
 * `sink`. `buildOp` records the instructions; `countOp` only counts them.
 */
export function emitOp(spec: OpSpec, sink: MicrocodeSink, firstColumn = 0): OpLayout {
  validateSpec(spec);
  const alloc = new ColumnAllocator(firstColumn);
  const builder = sink;
  const fields: Record<string, Field> = {};
  let modified: string[] = [];
  let result: Field | undefined;
  const column = (name: string): number => {
    fields[name] = alloc.field(1);
    return fields[name].offset;
  };

  switch (spec.op) {
    case 'clear':
    case 'set': {
      fields.x = alloc.field(spec.bits);
      if (spec.op === 'clear') emitClear(builder, fields.x);
      else emitSet(builder, fields.x, -1n);
      modified = ['x'];
      break;
    }
    case 'copy': {
      fields.a = alloc.field(spec.aBits, spec.aSigned === true);
      fields.destination = alloc.field(spec.bits, spec.aSigned === true);
      emitCopy(builder, { source: fields.a, destination: fields.destination });
      modified = ['destination'];
      break;
    }
    case 'add':
    case 'sub': {
      fields.a = alloc.field(spec.aBits, spec.aSigned === true);
      fields.b = alloc.field(spec.bBits, spec.aSigned === true);
      const carry = column('carry');
      emitAdd(builder, { source: fields.a, destination: fields.b, carry, subtract: spec.op === 'sub' });
      modified = ['b', 'carry'];
      break;
    }
    case 'addOut':
    case 'subOut': {
      fields.a = alloc.field(spec.aBits, spec.aSigned === true);
      fields.b = alloc.field(spec.bBits, spec.bSigned === true);
      fields.destination = alloc.field(spec.bits, spec.aSigned === true || spec.bSigned === true);
      const carry = column('carry');
      emitAddOut(builder, { left: fields.a, right: fields.b, destination: fields.destination, carry, subtract: spec.op === 'subOut' });
      modified = ['destination', 'carry'];
      break;
    }
    case 'negate':
    case 'abs': {
      fields.x = alloc.field(spec.bits, spec.op === 'negate' || spec.signed === true);
      const flag = column('flag');
      if (spec.op === 'negate') emitNegate(builder, fields.x, flag);
      else emitAbs(builder, fields.x, flag);
      modified = ['x', 'flag'];
      break;
    }
    case 'mul':
    case 'mac': {
      fields.a = alloc.field(spec.aBits, spec.aSigned === true);
      fields.b = alloc.field(spec.bBits, spec.bSigned === true);
      if (spec.op === 'mac') fields.accumulator = alloc.field(spec.accBits, true);
      const productBits = spec.op === 'mul' ? (spec.bits ?? spec.aBits + spec.bBits) : spec.aBits + spec.bBits;
      fields.product = alloc.field(productBits, spec.aSigned === true || spec.bSigned === true);
      const carry = column('carry');
      if (spec.op === 'mul') {
        emitMultiply(builder, { left: fields.a, right: fields.b, product: fields.product, carry });
        modified = ['product', 'carry'];
      } else {
        emitMultiplyAccumulate(builder, { left: fields.a, right: fields.b, accumulator: fields.accumulator, product: fields.product, carry });
        modified = ['accumulator', 'product', 'carry'];
      }
      break;
    }
    case 'mulConst':
    case 'macConst': {
      const constant = asBigInt(spec.constant);
      fields.x = alloc.field(spec.xBits, spec.xSigned === true);
      if (spec.op === 'macConst') fields.accumulator = alloc.field(spec.accBits, true);
      fields.product = alloc.field(constantProductBits(spec.xBits, spec.xSigned === true, constant), spec.xSigned === true || constant < 0n);
      const carry = column('carry');
      if (spec.op === 'mulConst') {
        emitMultiplyConstant(builder, { source: fields.x, constant, product: fields.product, carry });
        modified = ['product', 'carry'];
      } else {
        emitMultiplyConstantAccumulate(builder, { source: fields.x, constant, accumulator: fields.accumulator, product: fields.product, carry });
        modified = ['accumulator', 'product', 'carry'];
      }
      break;
    }
    case 'lt':
    case 'le':
    case 'eq':
    case 'ge':
    case 'gt':
    case 'max':
    case 'min': {
      fields.a = alloc.field(spec.aBits, spec.aSigned === true);
      fields.b = alloc.field(spec.bBits, spec.bSigned === true);
      const flag = column('flag');
      const scratch = column('scratch');
      if (spec.op === 'max' || spec.op === 'min') {
        emitMinMax(builder, { destination: fields.a, source: fields.b, kind: spec.op, flag, scratch });
        modified = ['a', 'flag', 'scratch'];
      } else {
        emitCompare(builder, { left: fields.a, right: fields.b, predicate: spec.op, flag, scratch });
        modified = ['flag', 'scratch'];
      }
      break;
    }
    case 'relu':
    case 'clamp': {
      fields.x = alloc.field(spec.bits, spec.signed === true);
      if (spec.op === 'relu') emitRelu(builder, fields.x);
      else emitClamp(builder, { field: fields.x, bits: spec.outBits, signed: spec.outSigned === true });
      modified = ['x'];
      break;
    }
    case 'shift': {
      fields.x = alloc.field(spec.bits, spec.signed === true);
      result = shiftRight(fields.x, spec.shift);
      break;
    }
    case 'requant': {
      const multiplier = asBigInt(spec.multiplier);
      const accSigned = spec.accSigned === true;
      const outSigned = spec.outSigned === true;
      fields.accumulator = alloc.field(spec.accBits, accSigned);
      fields.product = alloc.field(requantProductBits(spec.accBits, accSigned, multiplier, spec.shift, spec.outBits), accSigned);
      const carry = column('carry');
      result = emitRequantize(builder, {
        accumulator: fields.accumulator,
        multiplier,
        shift: spec.shift,
        bits: spec.outBits,
        signed: outSigned,
        product: fields.product,
        carry,
      });
      modified = ['product', 'carry'];
      break;
    }
    case 'reduce1d':
    case 'reduce2d': {
      fields.sums = alloc.field(spec.bits);
      fields.temporary = alloc.field(spec.bits);
      const carry = column('carry');
      if (spec.op === 'reduce1d') {
        emitReduce1d(builder, { sums: fields.sums, temporary: fields.temporary, carry, terms: spec.terms, groups: spec.groups ?? 1 });
        modified = ['sums', 'temporary', 'carry'];
      } else {
        const flag = column('flag');
        emitReduce2d(builder, { sums: fields.sums, temporary: fields.temporary, carry, terms: spec.terms, flag });
        modified = ['sums', 'temporary', 'carry', 'flag'];
      }
      break;
    }
  }

  return { fields, modified, result, columns: alloc.end };
}

/** Widths and parameters from which `specForWidths` derives one spec per operation. */
export interface OperationWidths {
  /** Activation width m_a: operand a, x, negate/abs/relu fields and the requant output. */
  activationBits: number;
  /** Weight width m_w: operand b. */
  weightBits: number;
  /** Operands (and the requant and clamp outputs) are two's complement. */
  signed: boolean;
  /** Accumulator width: clear, set, copy destination, mac, clamp input, requant input, reductions. */
  accBits: number;
  /** Constant of mulConst and macConst. */
  constant: bigint;
  /** Rows per group K of the reductions. */
  terms: number;
  /** Groups of the 1D reduction. */
  groups: number;
  /** Dyadic mantissa B and shift C of requant. */
  multiplier: bigint;
  shift: number;
}

/** Returns the spec of an operation at the given widths, as the `ops` command tabulates it. */
export function specForWidths(op: OpName, widths: OperationWidths): OpSpec {
  const { activationBits: a, weightBits: w, signed, accBits } = widths;
  switch (op) {
    case 'clear':
    case 'set':
      return { op, bits: accBits };
    case 'copy':
      return { op, aBits: a, aSigned: signed, bits: accBits };
    case 'add':
    case 'sub':
      return { op, aBits: a, aSigned: signed, bBits: w };
    case 'addOut':
    case 'subOut':
      return { op, aBits: a, aSigned: signed, bBits: w, bSigned: signed, bits: Math.max(a, w) + 1 };
    case 'negate':
      return { op, bits: a };
    case 'abs':
    case 'relu':
      return { op, bits: a, signed };
    case 'mul':
    case 'lt':
    case 'le':
    case 'eq':
    case 'ge':
    case 'gt':
    case 'max':
    case 'min':
      return { op, aBits: a, aSigned: signed, bBits: w, bSigned: signed };
    case 'mac':
      return { op, aBits: a, aSigned: signed, bBits: w, bSigned: signed, accBits };
    case 'mulConst':
      return { op, xBits: a, xSigned: signed, constant: widths.constant };
    case 'macConst':
      return { op, xBits: a, xSigned: signed, constant: widths.constant, accBits };
    case 'shift':
      return { op, bits: a, signed, shift: a >= 2 ? 1 : 0 };
    case 'clamp':
      return { op, bits: accBits, signed: true, outBits: a, outSigned: signed };
    case 'requant':
      return { op, accBits, accSigned: true, multiplier: widths.multiplier, shift: widths.shift, outBits: a, outSigned: signed };
    case 'reduce1d':
      return { op, terms: widths.terms, bits: accBits, groups: widths.groups };
    case 'reduce2d':
      return { op, terms: widths.terms, bits: accBits };
  }
}
