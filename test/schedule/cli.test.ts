import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProfileCsv } from '../../src/schedule/profile-csv.js';
import { TableCostModel } from '../../src/schedule/table-cost-model.js';
import { runCli } from '../helpers/cli.js';

describe('bitfluid schedule', () => {
  it('prints every policy and the placement as JSON', () => {
    const result = runCli(['schedule', 'scenarios/edge-mix.yaml', '--json']);
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.scenario).toBe('edge-mix');
    expect(output.policies.map((policy: { policy: string }) => policy.policy)).toEqual(['fcfs', 'round-robin', 'edf', 'static-best', 'least-loaded']);
    for (const policy of output.policies) {
      expect(Object.keys(policy)).toEqual(expect.arrayContaining(['policy', 'violationRate', 'p50S', 'p95S', 'p99S', 'energyJ', 'utilization']));
      expect(Object.keys(policy.utilization)).toEqual(['ap', 'gpu', 'cpu']);
      expect(policy.violationRate).toBeGreaterThanOrEqual(0);
      expect(policy.violationRate).toBeLessThanOrEqual(1);
    }
    expect(output.placement.status).toBe('optimal');
    expect(output.placement.makespanS).toBeGreaterThan(0);
    expect(output.placement.workers.map((worker: { worker: string }) => worker.worker)).toEqual(['ap#0', 'ap#1', 'gpu#0', 'cpu#0']);
  });

  it('prints tables for a bundled id and a seed', () => {
    const result = runCli(['schedule', 'edge-mix', '--seed', '2']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('(seed 2)');
    expect(result.stdout).toContain('least-loaded');
    expect(result.stdout).toContain('violations by model (%)');
    expect(result.stdout).toContain('ILP placement (HiGHS)');
  });

  it('reports a bad scenario in one line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bitfluid-schedule-')), 'bad.yaml');
    writeFileSync(file, 'name: bad\nhorizonS: -1\nbackends: [{ id: ap, kind: ap }]\nmodels: [{ id: m, network: alexnet, precision: int8 }]\nsources: [{ kind: poisson, model: m, rateHz: 5, deadlineS: 0.1 }]\n');
    const result = runCli(['schedule', file]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(`error: ${file}: horizonS: invalid value -1. The horizon is a number of seconds above 0, for example 0.033.`);
    expect(result.stderr).not.toContain('    at ');
  });
});

describe('bitfluid export-profile', () => {
  it('writes a CSV that TableCostModel reads', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bitfluid-export-')), 'ap.csv');
    const result = runCli(['export-profile', '--network', 'alexnet', '--config', 'int8', '--batch', '2', '--out', file]);
    expect(result.status).toBe(0);

    const rows = readProfileCsv(file);
    expect(rows[0]).toMatchObject({ backend: 'ap-sram', model: 'alexnet', precision: 'int8', batch: 2, scope: 'inference' });
    expect(rows.filter((row) => row.scope === 'layer')).toHaveLength(20);
    const table = new TableCostModel({ id: 'ap-sram', rows, bytesPerSlot: 32 * 2 ** 20 });
    expect(table.estimate({ network: 'alexnet', config: 'int8', batch: 2 }).latencyS).toBeCloseTo(rows[0].latencyS, 15);

    const run = JSON.parse(runCli(['run', '--network', 'alexnet', '--config', 'int8', '--batch', '2', '--objective', 'latency', '--json']).stdout);
    expect(Math.abs(rows[0].latencyS - run.totals.latencyS)).toBeLessThanOrEqual(1e-12 * run.totals.latencyS);
  });

  it('rejects an unknown config', () => {
    const result = runCli(['export-profile', '--network', 'alexnet', '--config', 'int3']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('int3');
    expect(result.stderr).toContain('int8');
  });
});
