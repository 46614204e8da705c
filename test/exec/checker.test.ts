import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTensorFile } from '../../src/exec/index.js';
import { runCli } from '../helpers/cli.js';
import { buildNetwork, expectAllPassed, verify } from './helpers.js';

function smallConv() {
  return buildNetwork(
    { channels: 2, height: 5, width: 5 },
    [
      { name: 'conv', kind: 'conv', outChannels: 3, kernel: 3, padding: 1, bias: false },
      { name: 'relu', kind: 'relu' },
      { name: 'next', kind: 'conv', outChannels: 2, kernel: 1, bias: false },
    ],
    { conv: { weightBits: 4, actBits: 6, actSigned: true }, next: { weightBits: 4, actBits: 4, actSigned: false } },
  );
}

describe('verify checker', () => {
  it('reports one flipped output bit', async () => {
    const { network, config } = smallConv();
    const report = await verify(network, config, ['conv'], { fault: { layer: 'conv', element: 7, bit: 2 } });
    expect(report.passed).toBe(false);
    expect(report.layers[0].values.mismatches).toBe(1);
    expect(report.layers[0].values.examples[0].index).toBe(7);
    expect(report.layers[0].cycles.passed).toBe(true);
  });

  it('uses weights and inputs from a tensor file', async () => {
    const { network, config } = smallConv();
    const directory = mkdtempSync(join(tmpdir(), 'bitfluid-verify-'));
    const file = join(directory, 'tensors.json');
    const tensors = {
      'conv.weight': { shape: [3, 2, 3, 3], values: new Array(54).fill(0) },
      'conv.input': { shape: [1, 2, 5, 5], values: Array.from({ length: 50 }, (_, index) => (index % 63) - 31) },
    };
    writeFileSync(file, JSON.stringify({ format: 'bitfluid-tensors', version: 1, tensors }));
    const data = loadTensorFile(file);
    const report = await verify(network, config, ['conv'], { data, strategy: 'output-broadcast' });
    expectAllPassed(report);
    // Every weight is 0, so the broadcast skips every tap: only the clear, requantization and store remain.
    const seeded = await verify(network, config, ['conv'], { strategy: 'output-broadcast' });
    expect(report.layers[0].cycles.engineApUnitCycles).toBeLessThan(seeded.layers[0].cycles.engineApUnitCycles / 4);
  });

  it('rejects a tensor of the wrong shape', () => {
    const directory = mkdtempSync(join(tmpdir(), 'bitfluid-verify-'));
    const file = join(directory, 'bad.json');
    writeFileSync(file, JSON.stringify({ format: 'bitfluid-tensors', version: 1, tensors: { 'conv.weight': { shape: [2, 2], values: [1, 2, 3] } } }));
    expect(() => loadTensorFile(file)).toThrow(/has 4 values/);
  });
});

describe('bitfluid verify', () => {
  it('passes the documented two-layer check', () => {
    const result = runCli(['verify', '--network', 'resnet18', '--config', 'hawq-latency-0.5', '--layers', 'layer1.0.conv1', 'layer1.0.conv2'], { timeoutMs: 300_000 });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/layer1\.0\.conv1 .* pass/);
    expect(result.stdout).toMatch(/PASS: 2 of 2 layers passed/);
  });

  it('exits 1 when an output bit is flipped', () => {
    const result = runCli(['verify', '--network', 'resnet18', '--config', 'int8', '--layers', 'maxpool', '--flip-output-bit', 'maxpool:10:3', '--json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { passed: boolean; layers: { values: { mismatches: number }; failure: string }[] };
    expect(report.passed).toBe(false);
    expect(report.layers[0].values.mismatches).toBe(1);
    expect(report.layers[0].failure).toMatch(/1 value mismatch/);
  });

  it('names close matches of an unknown layer', () => {
    const result = runCli(['verify', '--network', 'resnet18', '--layers', 'layer1.0.conv3']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--layers: invalid value "layer1.0.conv3".*Did you mean layer1\.0\.conv1/);
    expect(result.stderr).not.toMatch(/ at /);
  });

  it('rejects a fused layer, a bad seed and a missing data file', () => {
    const fused = runCli(['verify', '--network', 'resnet18', '--layers', 'layer1.0.relu']);
    expect(fused.status).toBe(2);
    expect(fused.stderr).toMatch(/runs inside layer1\.0\.conv1/);

    const seed = runCli(['verify', '--network', 'resnet18', '--layers', 'maxpool', '--seed', '-3']);
    expect(seed.status).toBe(2);
    expect(seed.stderr).toMatch(/--seed: invalid value -3/);

    const data = runCli(['verify', '--network', 'resnet18', '--layers', 'maxpool', '--data', '/nonexistent/tensors.json']);
    expect(data.status).toBe(2);
    expect(data.stderr).toMatch(/file not found/);
  });
});
