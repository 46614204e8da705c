import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('bitfluid run', () => {
  it('prints totals, layers and provenance as JSON', () => {
    const result = runCli(['run', '--network', 'resnet50', '--config', 'int8', '--tech', 'sram', '--json']);
    expect(result.status).toBe(0);
    const run = JSON.parse(result.stdout);
    expect(run).toMatchObject({ network: 'resnet50', config: 'int8', tech: 'sram', vddV: 1, batch: 1 });
    for (const field of ['cycles', 'latencyS', 'energyJ', 'edpJs', 'gops', 'topsPerW']) {
      expect(run.totals[field], field).toBeGreaterThan(0);
    }
    expect(run.totals.edpJs).toBeCloseTo(run.totals.energyJ * run.totals.latencyS, 12);
    expect(run.layers).toHaveLength(175);
    const conv = run.layers.find((layer: { name: string }) => layer.name === 'layer1.0.conv2');
    expect(Object.keys(conv)).toEqual(expect.arrayContaining(['name', 'mapping', 'cycles', 'latencyS', 'energyJ']));
    expect(['product-reduce', 'output-broadcast']).toContain(conv.mapping);
    const compareBit = run.provenance.find((entry: { path: string }) => entry.path === 'tech.energy.compareBit');
    expect(compareBit.text).toBe('0.115 fJ');
    expect(compareBit.source).toContain('SMLE');
  });

  it('reports the issue example and writes the per-layer CSV', () => {
    const csv = join(mkdtempSync(join(tmpdir(), 'bitfluid-run-')), 'layers.csv');
    const result = runCli(['run', '--network', 'resnet18', '--config', 'hawq-latency-0.5', '--tech', 'reram', '--vdd', '0.8', '--batch', '1', '--csv', csv]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('resnet18 · hawq-latency-0.5 · reram at 0.8 V');
    expect(result.stdout).toContain('layer4.1.conv2');
    const lines = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
    expect(lines[0].split(',').slice(0, 3)).toEqual(['name', 'kind', 'mapping']);
    expect(lines).toHaveLength(1 + 69);
  });

  it('applies --set overrides', () => {
    const base = JSON.parse(runCli(['run', '--json']).stdout);
    const bigger = JSON.parse(runCli(['run', '--json', '--set', 'arch.cap.rows=1024']).stdout);
    expect(bigger.totals.latencyS).not.toBe(base.totals.latencyS);
    const entry = bigger.provenance.find((ref: { path: string }) => ref.path === 'arch.cap.rows');
    expect(entry.text).toBe('1024');
  });

  it('rejects a voltage outside the technology range', () => {
    const result = runCli(['run', '--tech', 'sram', '--vdd', '1.5']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('vdd 1.5 V is outside the sram technology');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown config with the known ones', () => {
    const result = runCli(['run', '--network', 'alexnet', '--config', 'hawq-latency-0.5']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('int8');
  });

  it('rejects an unknown override path', () => {
    const result = runCli(['run', '--set', 'arch.cap.height=3']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('rows');
  });

  it('shows a voltage with a unit as NaN', () => {
    const result = runCli(['run', '--vdd', '0.8V']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('invalid value NaN');
    expect(result.stderr).toContain('without a unit');
  });

  it('rejects a batch of zero', () => {
    const result = runCli(['run', '--batch', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--batch');
  });
});
