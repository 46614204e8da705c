import { describe, expect, it } from 'vitest';
import { formatSi, siPrefixFor } from '../../src/report/si.js';
import { formatTable } from '../../src/report/table.js';

describe('siPrefixFor', () => {
  it.each([
    [1.5e-3, 'm'],
    [1e-6, 'µ'],
    [999e-9, 'n'],
    [1, ''],
    [2500, 'k'],
    [0, ''],
    [1e-30, 'a'],
  ])('picks the prefix of %d', (value, symbol) => {
    expect(siPrefixFor(value).symbol).toBe(symbol);
  });
});

describe('formatSi', () => {
  it('formats with prefix and unit', () => {
    expect(formatSi(0.00123, 's')).toBe('1.23 ms');
    expect(formatSi(4.56e-12, 'J·s')).toBe('4.56 pJ·s');
  });
});

describe('formatTable', () => {
  interface Row {
    name: string;
    latencyS: number;
    top1?: number;
  }
  const rows: Row[] = [
    { name: 'resnet18', latencyS: 1.5e-3, top1: 69.76 },
    { name: 'alexnet', latencyS: 2.25e-4 },
  ];
  const table = formatTable<Row>(
    [
      { header: 'network', value: (row) => row.name },
      { header: 'latency', unit: 's', value: (row) => row.latencyS },
      { header: 'top-1', unit: '%', siPrefix: false, value: (row) => row.top1 },
    ],
    rows,
  );
  const lines = table.split('\n');

  it('puts the column prefix and unit in the header', () => {
    expect(lines[0]).toContain('latency (ms)');
    expect(lines[0]).toContain('top-1 (%)');
  });

  it('scales numbers to the column prefix', () => {
    expect(lines[2]).toContain('1.5');
    expect(lines[3]).toContain('0.225');
  });

  it('aligns every line to the same columns', () => {
    const latencyEnd = lines[0].indexOf('latency (ms)') + 'latency (ms)'.length;
    expect(lines[2].slice(0, latencyEnd).endsWith('1.5')).toBe(true);
    expect(lines[3].slice(0, latencyEnd).endsWith('0.225')).toBe(true);
  });

  it('prints a dash for a missing value', () => {
    expect(lines[3].trimEnd().endsWith('-')).toBe(true);
  });
});
