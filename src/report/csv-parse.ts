/**
 * Reads CSV text as RFC 4180 defines it, the inverse of `formatCsv`: fields separated by commas,
 * records ended by CRLF or LF, and quoted fields that may contain commas, line breaks and
 * doubled quotes. A final line break does not start an empty record.
 */

/** Error for a quoted field that is never closed, with the 1-based line of its opening quote. */
export class CsvSyntaxError extends Error {
  constructor(readonly line: number) {
    super(`unterminated quoted field starting on line ${line}`);
    this.name = 'CsvSyntaxError';
  }
}

/** Splits CSV text into records of fields. Throws `CsvSyntaxError` on an unclosed quote. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let line = 1;
  let i = 0;

  while (i < text.length) {
    const char = text[i];

    if (char === '"' && field === '') {
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvSyntaxError(openedOn);
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (text[i] === '\n') line++;
        field += text[i];
        i++;
      }
      continue;
    }

    if (char === ',') {
      record.push(field);
      field = '';
      i++;
      continue;
    }

    if (char === '\r' || char === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }

    field += char;
    i++;
  }

  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
