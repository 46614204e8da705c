/**
 * CSV text as RFC 4180 defines it: fields separated by commas, records ended by CRLF, and a
 * field quoted (with inner quotes doubled) when it contains a comma, a quote, CR or LF.
 */

/** A CSV cell. Numbers are written with `String(n)`, so they keep full precision. */
export type CsvCell = string | number | boolean | null | undefined;

/** Formats one field, quoting it only when RFC 4180 requires it. `null` and `undefined` give an empty field. */
export function formatCsvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (!/[",\r\n]/.test(text)) return text;
  return `"${text.replaceAll('"', '""')}"`;
}

/** Formats a header record and the data records, each ended by CRLF. */
export function formatCsv(header: string[], records: CsvCell[][]): string {
  const lines = [header, ...records].map((record) => `${record.map(formatCsvField).join(',')}\r\n`);
  return lines.join('');
}
