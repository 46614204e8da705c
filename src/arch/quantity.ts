import { unit as parseUnit, type Unit } from 'mathjs';

/**
 * Unit strings of description files ("0.9 fJ", "1 GHz", "256 bit") parsed with mathjs and
 * converted to SI base units: J, s, Hz, V, W, m, bits and bits per second.
 */

export type QuantityDimension = 'energy' | 'time' | 'frequency' | 'voltage' | 'power' | 'length' | 'bits' | 'bitRate' | 'count' | 'ratio';

interface DimensionInfo {
  /** Unit the value is converted to; undefined for plain numbers. */
  siUnit?: string;
  example: string;
}

export const QUANTITY_DIMENSIONS: Record<QuantityDimension, DimensionInfo> = {
  energy: { siUnit: 'J', example: '"0.9 fJ"' },
  time: { siUnit: 's', example: '"361.6 ps"' },
  frequency: { siUnit: 'Hz', example: '"1 GHz"' },
  voltage: { siUnit: 'V', example: '"0.9 V"' },
  power: { siUnit: 'W', example: '"10 uW"' },
  length: { siUnit: 'm', example: '"90 nm"' },
  bits: { siUnit: 'b', example: '"256 bit"' },
  bitRate: { siUnit: 'b/s', example: '"25.6 GB/s"' },
  count: { example: '512' },
  ratio: { example: '1.3' },
};

/** Dimensions with a unit, in the order an error message tries to name a wrong one. */
const UNIT_QUANTITY_DIMENSIONS = (Object.keys(QUANTITY_DIMENSIONS) as QuantityDimension[]).filter((d) => QUANTITY_DIMENSIONS[d].siUnit !== undefined);

export interface QuantityRules {
  /** Reject zero as well as negative values. */
  positive?: boolean;
  /** Require a whole number (counts). */
  integer?: boolean;
}

export type QuantityResult = { ok: true; si: number; text: string } | { ok: false; message: string };

/** Rounds away binary noise from unit conversion, so "0.9 fJ" gives exactly 9e-16. */
function roundSi(value: number): number {
  return Number(value.toPrecision(15));
}

/**
 * Parses one value of the given dimension. A unit string is required for dimensions with a unit;
 * counts and ratios are plain numbers (a number or a numeric string). Returns a message instead
 * of throwing, so schema validation can report it with the field path.
 */
export function parseQuantity(input: unknown, dimension: QuantityDimension, rules: QuantityRules = {}): QuantityResult {
  const info = QUANTITY_DIMENSIONS[dimension];
  let text = '';
  if (typeof input === 'number') text = String(input);
  if (typeof input === 'string') text = input.trim();
  if (text === '') {
    return { ok: false, message: `expected ${article(dimension)} such as ${info.example}` };
  }

  let si: number;
  if (info.siUnit === undefined) {
    si = Number(text);
    if (!Number.isFinite(si)) return { ok: false, message: `expected a plain number such as ${info.example}, without a unit` };
  } else {
    const parsed = parseUnitString(text, dimension);
    if (!parsed.ok) return parsed;
    si = parsed.si;
  }

  if (rules.positive && si <= 0) return { ok: false, message: `must be greater than 0, such as ${info.example}` };
  if (si < 0) return { ok: false, message: `must not be negative; write a value of 0 or more, such as ${info.example}` };
  if (rules.integer && !Number.isInteger(si)) return { ok: false, message: `must be a whole number, such as ${info.example}` };
  return { ok: true, si, text };
}

function parseUnitString(text: string, dimension: QuantityDimension): QuantityResult {
  const info = QUANTITY_DIMENSIONS[dimension];
  const siUnit = info.siUnit as string;
  if (Number.isFinite(Number(text))) {
    return { ok: false, message: `a bare number has no unit; write ${article(dimension)} with its unit, such as ${info.example}` };
  }

  let value: Unit;
  try {
    value = parseUnit(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
    return { ok: false, message: `cannot read "${text}" (${reason}); write ${article(dimension)} such as ${info.example}` };
  }

  if (!value.equalBase(parseUnit(siUnit))) {
    const actual = UNIT_QUANTITY_DIMENSIONS.find((d) => value.equalBase(parseUnit(QUANTITY_DIMENSIONS[d].siUnit as string)));
    const what = actual === undefined ? 'has a unit of another dimension' : `is ${article(actual)}`;
    return { ok: false, message: `"${text}" ${what}, but this field is ${article(dimension)}; write it in ${siUnit} with a prefix, such as ${info.example}` };
  }
  if (value.value === null) {
    return { ok: false, message: `"${text}" has a unit but no number; write ${article(dimension)} such as ${info.example}` };
  }
  return { ok: true, si: roundSi(value.toNumber(siUnit)), text };
}

function article(dimension: QuantityDimension): string {
  const names: Record<QuantityDimension, string> = {
    energy: 'an energy',
    time: 'a time',
    frequency: 'a frequency',
    voltage: 'a voltage',
    power: 'a power',
    length: 'a length',
    bits: 'a size in bits',
    bitRate: 'a bit rate',
    count: 'a count',
    ratio: 'a plain number',
  };
  return names[dimension];
}
