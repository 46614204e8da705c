/**
 * Conversion between integer values (one per row) and bit-planes (one Int32Array per bit, row r
 * is bit r % 32 of word r / 32), the form the AP loads and stores a field in. Values are two's
 * complement for a signed field and are exact up to 53 bits.
 */

const TWO_32 = 4294967296;

/** Splits an integer into its low 32 bits (as int32) and the integer above them. */
function split(value: number): { low: number; high: number } {
  if (value >= -2147483648 && value <= 2147483647) return { low: value | 0, high: value < 0 ? -1 : 0 };
  const high = Math.floor(value / TWO_32);
  return { low: (value - high * TWO_32) | 0, high };
}

/**
 * Returns `bits` bit-planes of `words` words holding `valueOfRow(r)` in row r for r < rows;
 * rows at or above `rows` hold 0. Values wrap modulo 2^bits.
 */
export function packPlanes(rows: number, bits: number, words: number, valueOfRow: (row: number) => number): Int32Array[] {
  const planes: Int32Array[] = [];
  for (let bit = 0; bit < bits; bit++) planes.push(new Int32Array(words));
  for (let row = 0; row < rows; row++) {
    const value = valueOfRow(row);
    if (value === 0) continue;
    const { low, high } = split(value);
    const word = row >>> 5;
    const mask = 1 << (row & 31);
    for (let bit = 0; bit < bits; bit++) {
      const set = bit < 32 ? (low >>> bit) & 1 : bit < 64 ? (high >> Math.min(bit - 32, 31)) & 1 : high < 0 ? 1 : 0;
      if (set !== 0) planes[bit][word] |= mask;
    }
  }
  return planes;
}

/** Returns the value of each of `rows` rows read from bit-planes, two's complement when `signed`. */
export function unpackPlanes(planes: readonly Int32Array[], rows: number, signed: boolean): Float64Array {
  const values = new Float64Array(rows);
  const bits = planes.length;
  for (let bit = 0; bit < bits; bit++) {
    const plane = planes[bit];
    const weight = signed && bit === bits - 1 ? -(2 ** bit) : 2 ** bit;
    for (let row = 0; row < rows; row++) {
      if (((plane[row >>> 5] >>> (row & 31)) & 1) !== 0) values[row] += weight;
    }
  }
  return values;
}
