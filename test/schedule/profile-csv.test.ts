import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/report/csv-parse.js';
import { formatCsv } from '../../src/report/csv.js';
import { ApCostModel } from '../../src/schedule/ap-cost-model.js';
import { apProfileRows } from '../../src/schedule/export-profile.js';
import { formatProfileCsv, parseProfileCsv } from '../../src/schedule/profile-csv.js';
import { TableCostModel } from '../../src/schedule/table-cost-model.js';
import { DescriptionCache } from '../../src/sweep/bundled-catalog.js';
import { InputError } from '../../src/util/errors.js';

function inputErrorOf(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

const HEADER = 'backend,model,precision,batch,latency_us,energy_mj,memory_bytes,setup_latency_us,setup_energy_mj,source';

describe('parseCsv', () => {
  it('reads quoted fields and both line ends', () => {
    expect(parseCsv('a,"b,c"\r\n"say ""hi""",\n"two\nlines",x\n')).toEqual([
      ['a', 'b,c'],
      ['say "hi"', ''],
      ['two\nlines', 'x'],
    ]);
  });

  it('inverts formatCsv', () => {
    const records = [
      ['name', 'note'],
      ['layer1.0.conv1', 'has, a comma'],
      ['x', 'a "quote"'],
    ];
    expect(parseCsv(formatCsv(records[0], records.slice(1)))).toEqual(records);
  });
});

describe('parseProfileCsv', () => {
  it('converts microseconds and millijoules to SI', () => {
    const [row] = parseProfileCsv(`${HEADER}\ngpu,net,int8,8,3300,231,1000,739,51.7,published`);
    expect(row.latencyS).toBeCloseTo(0.0033, 15);
    expect(row.energyJ).toBeCloseTo(0.231, 15);
    expect(row.setupLatencyS).toBeCloseTo(0.000739, 15);
    expect(row.scope).toBe('inference');
    expect(row.source).toBe('published');
  });

  it('names a missing column', () => {
    const error = inputErrorOf(() => parseProfileCsv('backend,model,precision,batch,latency_us\n', 'gpu.csv'));
    expect(error.message).toBe(
      'gpu.csv: line 1: invalid value "backend,model,precision,batch,latency_us". Missing column `energy_mj`. A profile CSV needs the columns backend, model, precision, batch, latency_us, energy_mj, source; docs/scheduling.md lists every column.',
    );
  });

  it('names the line and column of a bad value', () => {
    const error = inputErrorOf(() => parseProfileCsv(`${HEADER}\ngpu,net,int8,0,3300,231,1000,0,0,x`, 'gpu.csv'));
    expect(error.message).toBe('gpu.csv: line 2, column batch: invalid value "0". The batch is a whole number of images, at least 1.');

    const negative = inputErrorOf(() => parseProfileCsv(`${HEADER}\ngpu,net,int8,1,-5,231,1000,0,0,x`, 'gpu.csv'));
    expect(negative.message).toContain('line 2, column latency_us');
  });

  it('requires memory and setup on inference rows', () => {
    const error = inputErrorOf(() => parseProfileCsv(`${HEADER}\ngpu,net,int8,1,3300,231,,0,0,x`, 'gpu.csv'));
    expect(error.message).toContain('column memory_bytes');
  });

  it('rejects an unknown operator class', () => {
    const text = 'backend,model,precision,batch,scope,op_class,latency_us,energy_mj,source\ngpu,net,int8,1,class,nomralization,1,1,x';
    const error = inputErrorOf(() => parseProfileCsv(text, 'gpu.csv'));
    expect(error.message).toContain('column op_class');
    expect(error.message).toContain('normalization');
  });

  it('reports an unclosed quote', () => {
    const error = inputErrorOf(() => parseProfileCsv(`${HEADER}\ngpu,net,int8,1,1,1,1,0,0,"open`, 'gpu.csv'));
    expect(error.message).toContain('gpu.csv: line 2');
    expect(error.message).toContain('never closed');
  });
});

describe('profile round trip', () => {
  const model = new ApCostModel({ tech: 'sram', partitions: 2, cache: new DescriptionCache() });
  const work = { network: 'resnet18', config: 'hawq-latency-0.25', batch: 1 };
  const rows = parseProfileCsv(formatProfileCsv(apProfileRows(model, work)));
  const table = new TableCostModel({ id: 'ap', rows, bytesPerSlot: model.capacity().bytesPerSlot });
  const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));

  it('writes every scope', () => {
    const scopes = rows.map((row) => row.scope);
    expect(scopes.filter((scope) => scope === 'inference')).toHaveLength(1);
    expect(scopes.filter((scope) => scope === 'class')).toHaveLength(6);
    expect(rows.filter((row) => row.scope === 'group').map((row) => row.name)).toEqual(['GEMM', 'NonGEMM']);
    expect(scopes.filter((scope) => scope === 'layer')).toHaveLength(69);
  });

  it('reads back the estimate', () => {
    const original = model.estimate(work);
    const read = table.estimate(work);
    close(read.latencyS, original.latencyS);
    close(read.energyJ, original.energyJ);
    close(read.peakMemoryBytes, original.peakMemoryBytes);
    for (const [opClass, cost] of Object.entries(original.byClass)) {
      close(read.byClass[opClass as keyof typeof read.byClass]!.latencyS, cost!.latencyS);
    }
  });

  it('reads back footprint and setup', () => {
    expect(table.footprint(work)).toEqual(model.footprint(work));
    const original = model.setupCost({ resident: [] }, work);
    const read = table.setupCost({ resident: [] }, work);
    expect(read.kind).toBe('cold-load');
    close(read.latencyS, original.latencyS);
    close(read.energyJ, original.energyJ);
  });

  it('prices a layer range from layer rows', () => {
    const range = { from: 10, to: 40 };
    close(table.estimate({ ...work, range }).latencyS, model.estimate({ ...work, range }).latencyS);
    close(table.estimate({ ...work, range }).energyJ, model.estimate({ ...work, range }).energyJ);
  });

  it('sums classes and layers to the inference row', () => {
    const inference = rows.find((row) => row.scope === 'inference')!;
    const classes = rows.filter((row) => row.scope === 'class').reduce((sum, row) => sum + row.latencyS, 0);
    const layers = rows.filter((row) => row.scope === 'layer').reduce((sum, row) => sum + row.latencyS, 0);
    close(classes, inference.latencyS);
    close(layers, inference.latencyS);
  });
});
