import { describe, expect, it } from 'vitest';
import { formatCsv, formatCsvField } from '../../src/report/csv.js';

describe('formatCsvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['', ''],
  ])('quotes %j as RFC 4180 requires', (input, expected) => {
    expect(formatCsvField(input)).toBe(expected);
  });

  it('writes numbers with String()', () => {
    expect(formatCsvField(1.234e-3)).toBe('0.001234');
    expect(formatCsvField(6.816134224974471e-9)).toBe('6.816134224974471e-9');
    expect(formatCsvField(0.1 + 0.2)).toBe('0.30000000000000004');
  });

  it('leaves null and undefined empty', () => {
    expect(formatCsvField(undefined)).toBe('');
    expect(formatCsvField(null)).toBe('');
  });
});

describe('formatCsv', () => {
  it('ends every record with CRLF', () => {
    expect(formatCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });
});
