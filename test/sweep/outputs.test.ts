import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bestEdpPerNetwork, formatBestTable } from '../../src/sweep/best.js';
import { expandGrid } from '../../src/sweep/grid.js';
import { formatSweepCsv, readResultsFile } from '../../src/sweep/outputs.js';
import { selectEdpTop1Rows } from '../../src/sweep/plots.js';
import type { ResolvedStudy } from '../../src/sweep/resolve.js';
import { runSweep } from '../../src/sweep/run.js';
import { useTempDirs } from './fixtures/helpers.js';
import { evaluateStandIn } from './fixtures/stand-in-model.js';

const makeTempDir = useTempDirs();

const study: ResolvedStudy = {
  networks: [
    { network: 'resnet18', configs: ['fp32', 'int8', 'int4'] },
    { network: 'alexnet', configs: ['int8', 'int4'] },
  ],
  techs: [
    { tech: 'sram', vddV: [0.7, 0.9] },
    { tech: 'reram', vddV: [0.9, 1.1] },
  ],
  batch: [1, 16],
  objective: ['edp'],
  overrides: [{ path: 'tech.energy.writeBit', values: ['2 fJ', '3 fJ'] }],
};
const rows = expandGrid(study).map((point) => evaluateStandIn(point));

/** Splits CSV text (no quoted fields in these rows) into records of fields. */
function parseSimpleCsv(text: string): string[][] {
  return text.trimEnd().split('\r\n').map((line) => line.split(','));
}

describe('sweep CSV', () => {
  const records = parseSimpleCsv(formatSweepCsv(rows, ['tech.energy.writeBit']));

  it('has one column per override path', () => {
    expect(records[0]).toEqual([
      'index', 'key', 'network', 'config', 'tech', 'vddV', 'batch', 'objective', 'tech.energy.writeBit',
      'latencyS', 'energyJ', 'edpJs', 'gops', 'topsPerW', 'top1', 'cycles', 'utilization',
    ]);
    expect(records[1][8]).toBe('2 fJ');
  });

  it('has one record per row', () => {
    expect(records).toHaveLength(rows.length + 1);
  });

  it('keeps every number exactly', () => {
    for (const [i, row] of rows.entries()) {
      const record = records[i + 1];
      expect(Number(record[9])).toBe(row.latencyS);
      expect(Number(record[11])).toBe(row.edpJs);
      expect(Number(record[16])).toBe(row.utilization);
    }
  });

  it('leaves a missing top-1 empty', () => {
    const alexnetInt4 = records.findIndex((record) => record[2] === 'alexnet' && record[3] === 'int4');
    expect(records[alexnetInt4][14]).toBe('');
  });
});

describe('sweep run outputs', () => {
  it('write JSON that reads back to the rows', async () => {
    const dir = makeTempDir();
    const result = await runSweep({ study, outDir: dir, name: 'run', evaluator: evaluateStandIn, quiet: true });
    const results = readResultsFile(result.files.json);
    expect(results.rows).toEqual(rows);
    expect(results.complete).toBe(true);
    expect(results.points).toBe(rows.length);
    expect(results.specHash).toBe(result.identity.specHash);
  });

  it('write the ResNet18 EDP against top-1 plot and its spec', async () => {
    const dir = makeTempDir();
    const result = await runSweep({ study, outDir: dir, name: 'run', evaluator: evaluateStandIn, quiet: true });
    expect(result.files.plotSvg).toBe(`${dir}/run-resnet18-edp-top1.svg`);
    expect(result.files.plotSpec).toBe(`${dir}/run-resnet18-edp-top1.vl.json`);
    const svg = readFileSync(result.files.plotSvg as string, 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('int4');
    const spec = JSON.parse(readFileSync(result.files.plotSpec as string, 'utf8'));
    expect(spec.data.values).toHaveLength(6);
  });

  it('skip the plot without ResNet18 rows', async () => {
    const dir = makeTempDir();
    const alexnetOnly = { ...study, networks: [study.networks[1]] };
    const result = await runSweep({ study: alexnetOnly, outDir: dir, name: 'run', evaluator: evaluateStandIn, quiet: true });
    expect(result.files.plotSvg).toBeUndefined();
    expect(existsSync(`${dir}/run-resnet18-edp-top1.svg`)).toBe(false);
  });
});

describe('selectEdpTop1Rows', () => {
  const selection = selectEdpTop1Rows(rows);

  it('shows one point per config and technology', () => {
    const pairs = selection?.rows.map((row) => `${row.config}/${row.tech}`);
    expect(pairs?.sort()).toEqual(['fp32/reram', 'fp32/sram', 'int4/reram', 'int4/sram', 'int8/reram', 'int8/sram']);
  });

  it('uses the first batch and override values of the grid', () => {
    for (const row of selection?.rows ?? []) {
      expect(row.batch).toBe(1);
      expect(row.overrides).toEqual({ 'tech.energy.writeBit': '2 fJ' });
    }
  });

  it('shows each technology at its lowest-EDP voltage', () => {
    for (const tech of ['sram', 'reram']) {
      const shownRows = selection?.rows.filter((row) => row.tech === tech) ?? [];
      const comparable = rows.filter((row) => row.network === 'resnet18' && row.tech === tech && row.batch === 1 && row.overrides['tech.energy.writeBit'] === '2 fJ');
      const lowest = comparable.reduce((best, row) => (row.edpJs < best.edpJs ? row : best));
      expect(new Set(shownRows.map((row) => row.vddV))).toEqual(new Set([lowest.vddV]));
    }
  });

  it('states network, batch and voltage in the title', () => {
    expect(selection?.title[0]).toContain('resnet18');
    expect(selection?.title[1]).toMatch(/batch 1/);
    expect(selection?.title[1]).toMatch(/vdd sram \d\.\d+ V, reram \d\.\d+ V/);
  });
});

describe('best EDP per network', () => {
  const best = bestEdpPerNetwork(rows);

  it('picks the lowest EDP of each network', () => {
    expect(best.map((row) => row.network)).toEqual(['resnet18', 'alexnet']);
    for (const row of best) {
      const minimum = Math.min(...rows.filter((other) => other.network === row.network).map((other) => other.edpJs));
      expect(row.edpJs).toBe(minimum);
    }
  });

  it('formats a table with units in the headers', () => {
    const table = formatBestTable(best);
    expect(table.split('\n')[0]).toMatch(/network\s+config\s+tech\s+vdd \(V\)\s+batch\s+tech\.energy\.writeBit\s+latency \(\S*s\)\s+energy \(\S*J\)\s+EDP \(\S*J·s\)\s+GOPS\s+TOPS\/W\s+top-1 \(%\)/);
    expect(table.split('\n')).toHaveLength(4);
  });
});
