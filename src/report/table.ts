import { scaleToPrefix, siPrefixFor, type SiPrefix } from './si.js';

/** One column of a text table. */
export interface TableColumn<Row> {
  header: string;
  /** Unit shown in the header, for example `s` gives `latency (ms)` once the prefix is chosen. */
  unit?: string;
  /**
   * Whether numbers share one SI prefix chosen from the column's largest magnitude (default
   * true when `unit` is set). Set false for units that already carry a scale, such as `%`.
   */
  siPrefix?: boolean;
  /** Significant digits of numbers, 4 unless set. */
  significantDigits?: number;
  value: (row: Row) => string | number | undefined;
}

/**
 * Formats rows as an aligned text table: a header line, a rule and one line per row. Numbers are
 * right-aligned and text left-aligned; a missing value prints as `-`.
 */
export function formatTable<Row>(columns: TableColumn<Row>[], rows: Row[]): string {
  const cells = columns.map((column) => formatColumn(column, rows));
  const widths = cells.map((column) => Math.max(column.header.length, ...column.values.map((value) => value.length)));

  const header = cells.map((column, i) => pad(column.header, widths[i], column.numeric));
  const rule = widths.map((width) => '-'.repeat(width));
  const lines = [header, rule];
  for (let row = 0; row < rows.length; row++) {
    lines.push(cells.map((column, i) => pad(column.values[row], widths[i], column.numeric)));
  }
  return lines.map((line) => line.join('  ').trimEnd()).join('\n');
}

interface FormattedColumn {
  header: string;
  values: string[];
  numeric: boolean;
}

function formatColumn<Row>(column: TableColumn<Row>, rows: Row[]): FormattedColumn {
  const raw = rows.map((row) => column.value(row));
  const numbers = raw.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  const numeric = raw.every((value) => value === undefined || typeof value === 'number');
  const digits = column.significantDigits ?? 4;

  const usePrefix = column.unit !== undefined && column.siPrefix !== false;
  const largest = numbers.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  const prefix: SiPrefix = usePrefix ? siPrefixFor(largest) : { symbol: '', exponent: 0 };

  const unit = column.unit === undefined ? '' : `${prefix.symbol}${column.unit}`;
  const header = unit === '' ? column.header : `${column.header} (${unit})`;
  const values = raw.map((value) => {
    if (value === undefined) return '-';
    if (typeof value === 'string') return value;
    if (!Number.isFinite(value)) return String(value);
    return formatNumber(scaleToPrefix(value, prefix), digits);
  });
  return { header, values, numeric };
}

/** Formats with the given significant digits, dropping trailing zeros but keeping integers whole. */
function formatNumber(value: number, significantDigits: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  return String(Number(value.toPrecision(significantDigits)));
}

function pad(text: string, width: number, rightAlign: boolean): string {
  return rightAlign ? text.padStart(width) : text.padEnd(width);
}
