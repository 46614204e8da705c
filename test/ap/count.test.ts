import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AP_OPERATIONS, buildOp, countOp, countProgram, InputError, type OpSpec } from '../../src/index.js';

/**
 * The closed forms of docs/ap-operations.md, written out independently of the microcode.
 * Each returns passes P (one compare each), all-row writes A, and the moves; then
 * compares = P and writes = P + A.
 */
interface ClosedForm {
  passes: number;
  allRowWrites: number;
  rowMoves?: number;
  columnReads?: number;
  columnWrites?: number;
}

const bitLength = (value: bigint): number => (value < 0n ? -value : value).toString(2).replace(/^0$/, '').length;

function addPasses(aBits: number, aSigned: boolean, bBits: number): number {
  const q = Math.min(aBits, bBits);
  return 2 + 4 * (q - 1) + (bBits - q) * (aSigned ? 4 : 2);
}

/** Passes of one signed-context term of an m-bit signed source. */
const signedTerm = (m: number): number => (m === 1 ? 3 : 4 * m);

function mulForm(m: number, aSigned: boolean, n: number, bSigned: boolean): ClosedForm {
  if (n === 1 && bSigned) {
    const negatedCopy = aSigned && m === 1 ? 1 : 2 * m;
    return { passes: negatedCopy, allRowWrites: 1 };
  }
  const perTerm = aSigned ? signedTerm(m) : 4 * m - 1;
  const carryClears = aSigned ? Math.max(0, n - 2) : 0;
  return { passes: m + (n - 1) * perTerm, allRowWrites: 1 + carryClears };
}

interface Digit {
  shift: number;
  negative: boolean;
}

/** Term cost by the state rules of the closed-form table (first term, then per context). */
function termsForm(m: number, signed: boolean, digits: Digit[]): ClosedForm {
  if (digits.length === 0) return { passes: 0, allRowWrites: 1 };
  let passes = 0;
  let allRowWrites = 1;
  let mayBeNegative: boolean;
  let dirty: boolean;
  if (!digits[0].negative) {
    passes += m;
    mayBeNegative = signed;
    dirty = false;
  } else {
    passes += signed && m === 1 ? 1 : 2 * m;
    mayBeNegative = true;
    dirty = signed;
  }
  for (const digit of digits.slice(1)) {
    if (dirty) allRowWrites++;
    if (!mayBeNegative && !signed) {
      passes += 4 * m - 1;
      mayBeNegative = digit.negative;
      dirty = false;
    } else {
      passes += signed ? signedTerm(m) : 4 * m + 1;
      dirty = signed;
    }
  }
  return { passes, allRowWrites };
}

function digitsOf(constant: bigint, nonAdjacent: boolean): Digit[] {
  const digits: Digit[] = [];
  if (!nonAdjacent) {
    const magnitude = constant < 0n ? -constant : constant;
    for (let shift = 0; magnitude >> BigInt(shift) > 0n; shift++) {
      if ((magnitude >> BigInt(shift)) & 1n) digits.push({ shift, negative: constant < 0n });
    }
    return digits;
  }
  let rest = constant;
  for (let shift = 0; rest !== 0n; shift++) {
    const remainder = ((rest % 4n) + 4n) % 4n;
    if (remainder === 1n) {
      digits.push({ shift, negative: false });
      rest -= 1n;
    } else if (remainder === 3n) {
      digits.push({ shift, negative: true });
      rest += 1n;
    }
    rest /= 2n;
  }
  return digits;
}

const cyclesOf = (form: ClosedForm): number =>
  2 * form.passes + form.allRowWrites + 2 * (form.rowMoves ?? 0) + (form.columnReads ?? 0) + (form.columnWrites ?? 0);

function mulConstForm(m: number, signed: boolean, constant: bigint): ClosedForm {
  const binary = termsForm(m, signed, digitsOf(constant, false));
  const nonAdjacent = termsForm(m, signed, digitsOf(constant, true));
  return cyclesOf(nonAdjacent) < cyclesOf(binary) ? nonAdjacent : binary;
}

function sum(...forms: ClosedForm[]): ClosedForm {
  return {
    passes: forms.reduce((total, form) => total + form.passes, 0),
    allRowWrites: forms.reduce((total, form) => total + form.allRowWrites, 0),
  };
}

function compareForm(predicate: string, aBits: number, aSigned: boolean, bBits: number, bSigned: boolean): ClosedForm {
  const signed = aSigned || bSigned;
  const widthOf = (bits: number, isSigned: boolean): number => bits + (signed && !isSigned ? 1 : 0);
  const w = Math.max(widthOf(aBits, aSigned), widthOf(bBits, bSigned));
  let both: number;
  if (aSigned && bSigned) both = w;
  else if (!aSigned && !bSigned) both = Math.min(aBits, bBits);
  else both = aSigned ? bBits : aBits;
  return predicate === 'eq' ? { passes: both + w, allRowWrites: 1 } : { passes: both + w - 1, allRowWrites: 1 };
}

function clampForm(bits: number, signed: boolean, outBits: number, outSigned: boolean): ClosedForm {
  let passes: number;
  if (signed && outSigned) passes = 2 * Math.max(0, bits - outBits);
  else if (signed) passes = 1 + Math.max(0, bits - 1 - outBits);
  else if (outSigned) passes = Math.max(0, bits - outBits + 1);
  else passes = Math.max(0, bits - outBits);
  return { passes, allRowWrites: 0 };
}

function levelsOf(terms: number): number {
  let levels = 0;
  while (1 << levels < terms) levels++;
  return levels;
}

function closedForm(spec: OpSpec): ClosedForm {
  switch (spec.op) {
    case 'clear':
    case 'set':
      return { passes: 0, allRowWrites: 1 };
    case 'copy':
      return { passes: Math.min(spec.aBits, spec.bits), allRowWrites: 1 };
    case 'add':
    case 'sub':
      return { passes: addPasses(spec.aBits, spec.aSigned === true, spec.bBits), allRowWrites: 1 };
    case 'addOut':
    case 'subOut':
      return { passes: Math.min(spec.aBits, spec.bits) + addPasses(spec.bBits, spec.bSigned === true, spec.bits), allRowWrites: 1 };
    case 'negate':
      return spec.bits === 1 ? { passes: 0, allRowWrites: 0 } : { passes: 3 * spec.bits - 3, allRowWrites: 1 };
    case 'abs':
      return spec.bits === 1 || spec.signed !== true ? { passes: 0, allRowWrites: 0 } : { passes: 3 * spec.bits - 4, allRowWrites: 1 };
    case 'mul':
      return mulForm(spec.aBits, spec.aSigned === true, spec.bBits, spec.bSigned === true);
    case 'mac': {
      const signed = spec.aSigned === true || spec.bSigned === true;
      const add = { passes: addPasses(spec.aBits + spec.bBits, signed, spec.accBits), allRowWrites: 1 };
      return sum(mulForm(spec.aBits, spec.aSigned === true, spec.bBits, spec.bSigned === true), add);
    }
    case 'mulConst':
      return mulConstForm(spec.xBits, spec.xSigned === true, BigInt(spec.constant));
    case 'macConst': {
      const constant = BigInt(spec.constant);
      if (constant === 0n) return { passes: 0, allRowWrites: 0 };
      const signed = spec.xSigned === true;
      const productBits = spec.xBits + bitLength(constant) + (signed ? 1 : 2);
      const add = { passes: addPasses(productBits, signed || constant < 0n, spec.accBits), allRowWrites: 1 };
      return sum(mulConstForm(spec.xBits, signed, constant), add);
    }
    case 'lt':
    case 'le':
    case 'eq':
    case 'ge':
    case 'gt':
      return compareForm(spec.op, spec.aBits, spec.aSigned === true, spec.bBits, spec.bSigned === true);
    case 'max':
    case 'min': {
      const compare = compareForm('lt', spec.aBits, spec.aSigned === true, spec.bBits, spec.bSigned === true);
      return { passes: compare.passes + 1 + Math.min(spec.aBits, spec.bBits), allRowWrites: 1 };
    }
    case 'relu':
      return spec.signed === true ? { passes: 1, allRowWrites: 0 } : { passes: 0, allRowWrites: 0 };
    case 'shift':
      return { passes: 0, allRowWrites: 0 };
    case 'clamp':
      return clampForm(spec.bits, spec.signed === true, spec.outBits, spec.outSigned === true);
    case 'requant': {
      const multiplier = BigInt(spec.multiplier);
      const signed = spec.accSigned === true;
      const productBits = Math.max(spec.accBits + bitLength(multiplier) + (signed ? 1 : 2), spec.shift + spec.outBits);
      const product = multiplier === 0n ? { passes: 0, allRowWrites: 1 } : mulConstForm(spec.accBits, signed, multiplier);
      const rounding = { passes: spec.shift >= 1 ? 2 * (productBits - spec.shift) : 0, allRowWrites: 0 };
      return sum(product, rounding, clampForm(productBits - spec.shift, signed, spec.outBits, spec.outSigned === true));
    }
    case 'reduce1d': {
      const levels = levelsOf(spec.terms);
      return { passes: levels * (4 * spec.bits - 2), allRowWrites: levels, rowMoves: (spec.groups ?? 1) * (spec.terms - 1) };
    }
    case 'reduce2d': {
      const levels = levelsOf(spec.terms);
      let unpaired = 0;
      for (let level = 0; level < levels; level++) if ((((spec.terms - 1) >> level) & 1) === 0) unpaired++;
      return { passes: levels * (4 * spec.bits - 2), allRowWrites: levels, columnReads: levels * spec.bits, columnWrites: levels * spec.bits + unpaired };
    }
  }
}

function expectClosedForm(spec: OpSpec): void {
  const form = closedForm(spec);
  const count = countOp(spec);
  expect(count.compares).toBe(form.passes);
  expect(count.writes).toBe(form.passes + form.allRowWrites);
  expect(count.rowReads).toBe(form.rowMoves ?? 0);
  expect(count.rowWrites).toBe(form.rowMoves ?? 0);
  expect(count.columnReads).toBe(form.columnReads ?? 0);
  expect(count.columnWrites).toBe(form.columnWrites ?? 0);
  expect(count.cycles).toBe(cyclesOf(form));
}

const width = (max: number) => fc.integer({ min: 1, max });
const flag = fc.boolean();
const constant = fc.oneof(fc.bigInt({ min: -(2n ** 32n) + 1n, max: 2n ** 32n - 1n }), fc.bigInt({ min: -70n, max: 70n }));

const specs: fc.Arbitrary<OpSpec> = fc.oneof(
  fc.record({ op: fc.constantFrom('clear' as const, 'set' as const), bits: width(64) }),
  fc.record({ op: fc.constant('copy' as const), aBits: width(64), aSigned: flag, bits: width(64) }),
  fc.record({ op: fc.constantFrom('add' as const, 'sub' as const), aBits: width(64), aSigned: flag, bBits: width(64) }),
  fc.record({ op: fc.constantFrom('addOut' as const, 'subOut' as const), aBits: width(64), aSigned: flag, bBits: width(64), bSigned: flag, bits: width(64) }),
  fc.record({ op: fc.constant('negate' as const), bits: width(64) }),
  fc.record({ op: fc.constant('abs' as const), bits: width(64), signed: flag }),
  fc.record({ op: fc.constant('mul' as const), aBits: width(32), aSigned: flag, bBits: width(32), bSigned: flag }),
  fc
    .record({ aBits: width(32), aSigned: flag, bBits: width(32), bSigned: flag, extra: fc.integer({ min: 0, max: 20 }) })
    .filter(({ aBits, bBits, extra }) => aBits + bBits + extra <= 64)
    .map(({ extra, ...operands }): OpSpec => ({ op: 'mul', ...operands, bits: operands.aBits + operands.bBits + extra })),
  fc.record({ op: fc.constant('mac' as const), aBits: width(32), aSigned: flag, bBits: width(32), bSigned: flag, accBits: width(64) }),
  fc.record({ op: fc.constant('mulConst' as const), xBits: width(32), xSigned: flag, constant }),
  fc.record({ op: fc.constant('macConst' as const), xBits: width(32), xSigned: flag, constant, accBits: width(64) }),
  fc.record({ op: fc.constantFrom('lt' as const, 'le' as const, 'eq' as const, 'ge' as const, 'gt' as const), aBits: width(64), aSigned: flag, bBits: width(64), bSigned: flag }),
  fc.record({ op: fc.constantFrom('max' as const, 'min' as const), aBits: width(64), aSigned: flag, bBits: width(64), bSigned: flag }),
  fc.record({ op: fc.constant('relu' as const), bits: width(64), signed: flag }),
  width(64).chain((bits) => fc.record({ op: fc.constant('shift' as const), bits: fc.constant(bits), signed: flag, shift: fc.integer({ min: 0, max: bits - 1 }) })),
  fc.record({ op: fc.constant('clamp' as const), bits: width(64), signed: flag, outBits: width(64), outSigned: flag }),
  fc.record({
    op: fc.constant('requant' as const),
    accBits: width(64),
    accSigned: flag,
    multiplier: fc.bigInt({ min: 0n, max: 2n ** 31n - 1n }),
    shift: fc.integer({ min: 0, max: 63 }),
    outBits: width(32),
    outSigned: flag,
  }),
  fc.record({ op: fc.constant('reduce1d' as const), terms: fc.integer({ min: 1, max: 5000 }), bits: width(64), groups: fc.integer({ min: 1, max: 10000 }) }),
  fc.record({ op: fc.constant('reduce2d' as const), terms: fc.integer({ min: 1, max: 5000 }), bits: width(64) }),
);

describe('countOp closed forms', () => {
  it('equal the closed forms over random widths', () => {
    fc.assert(fc.property(specs, (spec) => expectClosedForm(spec)), { numRuns: 1500 });
  });

  it('equal the closed forms for every width pair up to 16', () => {
    for (let a = 1; a <= 16; a++) {
      for (let b = 1; b <= 16; b++) {
        for (const aSigned of [false, true]) {
          for (const bSigned of [false, true]) {
            expectClosedForm({ op: 'mul', aBits: a, aSigned, bBits: b, bSigned });
            expectClosedForm({ op: 'lt', aBits: a, aSigned, bBits: b, bSigned });
            expectClosedForm({ op: 'eq', aBits: a, aSigned, bBits: b, bSigned });
          }
        }
      }
    }
  });

  it('cover every registered operation', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(specs, (spec) => {
        seen.add(spec.op);
      }),
      { numRuns: 2000 },
    );
    expect([...seen].sort()).toEqual(AP_OPERATIONS.map((info) => info.op).sort());
  });
});

describe('countOp', () => {
  it('equals counting the recorded program', () => {
    // countOp emits into a counting sink; buildOp records instructions. Both run the same
    // generators, so every field must agree, expected activity included.
    fc.assert(
      fc.property(specs, (spec) => {
        const single = spec.op === 'reduce1d' ? { ...spec, groups: 1 } : spec;
        expect(countOp(single)).toEqual(countProgram(buildOp(single).program));
      }),
      { numRuns: 400 },
    );
  });

  it('returns the cached object for the same spec', () => {
    const first = countOp({ op: 'mul', aBits: 7, bBits: 5, aSigned: true, bSigned: true });
    expect(countOp({ op: 'mul', aBits: 7, bBits: 5, aSigned: true, bSigned: true })).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('treats a missing signedness as unsigned and a number constant as a bigint', () => {
    expect(countOp({ op: 'mul', aBits: 6, bBits: 6 })).toBe(countOp({ op: 'mul', aBits: 6, bBits: 6, aSigned: false, bSigned: false }));
    expect(countOp({ op: 'mulConst', xBits: 8, constant: -37 }).cycles).toBe(countOp({ op: 'mulConst', xBits: 8, constant: -37n }).cycles);
  });

  it('rejects invalid specs with an InputError naming the field', () => {
    expect(() => countOp({ op: 'mul', aBits: 33, bBits: 8 })).toThrow(InputError);
    expect(() => countOp({ op: 'mul', aBits: 33, bBits: 8 })).toThrow(/mul\.aBits.*33.*from 1 to 32/);
    expect(() => countOp({ op: 'add', aBits: 0, bBits: 8 })).toThrow(/add\.aBits/);
    expect(() => countOp({ op: 'requant', accBits: 32, multiplier: 2n ** 31n, shift: 3, outBits: 8 })).toThrow(/requant\.multiplier/);
    expect(() => countOp({ op: 'shift', bits: 8, shift: 8 })).toThrow(/below the field width 8/);
    expect(() => countOp({ op: 'mul', aBits: 8, bBits: 4, bits: 11 })).toThrow(/mul\.bits.*at least aBits \+ bBits = 12/);
    expect(() => countOp({ op: 'nope' } as unknown as OpSpec)).toThrow(/Name one of the operations/);
  });

  it('is fast on cached specs', () => {
    const spec: OpSpec = { op: 'macConst', xBits: 8, xSigned: true, constant: -37n, accBits: 24 };
    countOp(spec);
    const start = performance.now();
    for (let i = 0; i < 100_000; i++) countOp({ op: 'macConst', xBits: 8, xSigned: true, constant: -37n, accBits: 24 });
    const perCallMicroseconds = ((performance.now() - start) * 1000) / 100_000;
    expect(perCallMicroseconds).toBeLessThan(20);
  });
});
