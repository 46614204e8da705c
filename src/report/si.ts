/** SI prefixes from atto (10^-18) to exa (10^18), by decimal exponent. */
const SI_PREFIXES: ReadonlyMap<number, string> = new Map([
  [-18, 'a'],
  [-15, 'f'],
  [-12, 'p'],
  [-9, 'n'],
  [-6, 'µ'],
  [-3, 'm'],
  [0, ''],
  [3, 'k'],
  [6, 'M'],
  [9, 'G'],
  [12, 'T'],
  [15, 'P'],
  [18, 'E'],
]);

/** An SI prefix and the power of ten it stands for. */
export interface SiPrefix {
  symbol: string;
  exponent: number;
}

/**
 * Picks the engineering prefix for a magnitude: the largest power of 1000 not above it, so that
 * the scaled value lies in [1, 1000). Zero and non-finite values get no prefix, and magnitudes
 * outside atto..exa get the nearest end of the range.
 */
export function siPrefixFor(magnitude: number): SiPrefix {
  const absolute = Math.abs(magnitude);
  if (absolute === 0 || !Number.isFinite(absolute)) return { symbol: '', exponent: 0 };

  let exponent = Math.floor(Math.log10(absolute) / 3) * 3;
  // log10 rounds just below an exact power of ten for some inputs (for example 1e-6).
  if (absolute / 10 ** exponent >= 1000 - 1e-9) exponent += 3;
  exponent = Math.min(18, Math.max(-18, exponent));
  return { symbol: SI_PREFIXES.get(exponent) ?? '', exponent };
}

/**
 * Scales a value to a prefix. For negative exponents it multiplies by the exact integer 10^n,
 * because 10^-n itself is not exact in binary floating point.
 */
export function scaleToPrefix(value: number, prefix: SiPrefix): number {
  return prefix.exponent >= 0 ? value / 10 ** prefix.exponent : value * 10 ** -prefix.exponent;
}

/** Formats a value with its own SI prefix and unit, for example `formatSi(0.00123, 's')` gives `1.23 ms`. */
export function formatSi(value: number, unit: string, significantDigits = 3): string {
  if (!Number.isFinite(value)) return `${value} ${unit}`.trim();
  const prefix = siPrefixFor(value);
  const scaled = Number(scaleToPrefix(value, prefix).toPrecision(significantDigits));
  return `${scaled} ${prefix.symbol}${unit}`.trim();
}
