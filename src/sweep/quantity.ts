/** Decimal exponents of the SI prefixes accepted in voltages. */
const PREFIX_EXPONENTS: Record<string, number> = { '': 0, m: -3, u: -6, µ: -6 };

/**
 * Parses a supply voltage written as a number of volts (`0.7`) or a string with a unit
 * (`"0.7 V"`, `"700 mV"`, `"0.7V"`). Returns volts, or undefined when the text is not a voltage.
 * The value is computed as `Number("<mantissa>e<exponent>")`, so `"700 mV"` gives exactly 0.7.
 */
export function parseVoltage(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;

  const match = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([muµ]?)V?\s*$/.exec(value);
  if (match === null) return undefined;
  const hasUnit = /V\s*$/.test(value);
  const prefix = match[2];
  if (prefix !== '' && !hasUnit) return undefined;

  const [mantissa, writtenExponent = '0'] = match[1].split(/[eE]/);
  const exponent = Number(writtenExponent) + PREFIX_EXPONENTS[prefix];
  const volts = Number(`${mantissa}e${exponent}`);
  return Number.isFinite(volts) ? volts : undefined;
}
