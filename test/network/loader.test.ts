import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatNetworkFile,
  loadBundledNetwork,
  loadNetworkFile,
  parseNetwork,
  resolveNetwork,
  writeNetworkFile,
} from '../../src/network/index.js';
import { InputError } from '../../src/util/errors.js';

const HEADER = {
  format: 'bitfluid-network',
  version: 1,
  id: 'tiny',
  variant: { model: 'test network', source: 'written in loader.test.ts' },
  input: { channels: 3, height: 32, width: 32 },
};

function document(layers: unknown[], header: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...HEADER, ...header, layers };
}

function load(layers: unknown[], header: Record<string, unknown> = {}) {
  return resolveNetwork(parseNetwork(document(layers, header), 'tiny.json'), 'tiny.json');
}

/** Returns the InputError that `action` throws. */
function inputErrorOf(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

const conv = (name: string, extra: Record<string, unknown> = {}) => ({ name, kind: 'conv', outChannels: 8, kernel: 3, padding: 1, bias: false, ...extra });

describe('network loader', () => {
  it('expands shorthands and defaults', () => {
    const network = parseNetwork(
      document([
        { name: 'c1', kind: 'conv', outChannels: 8, kernel: 3, bias: true },
        { name: 'c2', kind: 'conv', outChannels: 8, kernel: [3, 5], stride: [1, 2], padding: [1, 2], dilation: 2, groups: 2, bias: false },
        { name: 'c3', kind: 'conv', outChannels: 8, kernel: 1, padding: [0, 1, 2, 3], bias: false },
        { name: 'p1', kind: 'maxpool', kernel: 2 },
        { name: 'p2', kind: 'avgpool', kernel: [2, 3] },
        { name: 'bn', kind: 'batchnorm' },
        { name: 'clip', kind: 'clip', max: 6 },
      ]),
    );
    const [c1, c2, c3, p1, p2, bn, clip] = network.layers;
    expect(c1).toEqual({ name: 'c1', kind: 'conv', inputs: ['input'], outChannels: 8, kernel: [3, 3], stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], groups: 1, bias: true });
    expect(c2).toMatchObject({ inputs: ['c1'], kernel: [3, 5], stride: [1, 2], padding: [1, 2, 1, 2], dilation: [2, 2], groups: 2 });
    expect(c3).toMatchObject({ padding: [0, 1, 2, 3] });
    expect(p1).toMatchObject({ kernel: [2, 2], stride: [2, 2], padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false });
    expect(p2).toMatchObject({ kernel: [2, 3], stride: [2, 3], ceilMode: false, countIncludePad: true });
    expect(bn).toMatchObject({ epsilon: 1e-5 });
    expect(clip).toMatchObject({ min: Number.NEGATIVE_INFINITY, max: 6 });
  });

  it('infers shapes, params and MACs of a small graph', () => {
    const network = load([
      conv('stem', { outChannels: 16, stride: 2, bias: true }),
      { name: 'bn', kind: 'batchnorm' },
      { name: 'relu', kind: 'relu' },
      conv('branch', { inputs: ['relu'], outChannels: 16, groups: 4 }),
      { name: 'sum', kind: 'add', inputs: ['relu', 'branch'] },
      { name: 'cat', kind: 'concat', inputs: ['sum', 'relu'] },
      { name: 'pool', kind: 'globalavgpool' },
      { name: 'flat', kind: 'flatten' },
      { name: 'fc', kind: 'fc', outFeatures: 10, bias: true },
    ]);
    const byName = network.byName;

    expect(byName.get('stem')?.outputShape).toEqual({ channels: 16, height: 16, width: 16 });
    expect(byName.get('stem')?.params).toBe(16 * 3 * 9 + 16);
    expect(byName.get('stem')?.macs).toBe(16 * 16 * 16 * 3 * 9);
    expect(byName.get('branch')?.params).toBe(16 * 4 * 9);
    expect(byName.get('branch')?.macs).toBe(16 * 16 * 16 * 4 * 9);
    expect(byName.get('bn')?.params).toBe(32);
    expect(byName.get('bn')?.foldedInto).toBe('stem');
    expect(byName.get('stem')?.foldedBatchNorm).toBe('bn');
    expect(byName.get('cat')?.outputShape).toEqual({ channels: 32, height: 16, width: 16 });
    expect(byName.get('flat')?.outputShape).toEqual({ channels: 32, height: 1, width: 1 });
    expect(byName.get('fc')?.params).toBe(330);
    expect(byName.get('fc')?.macs).toBe(320);
    expect(byName.get('relu')?.consumers).toEqual(['branch', 'sum', 'cat']);
    expect(network.totals).toEqual({
      params: 16 * 27 + 16 + 32 + 16 * 36 + 330,
      macs: 16 * 16 * 16 * 27 + 16 * 16 * 16 * 36 + 320,
      convMacs: 16 * 16 * 16 * 27 + 16 * 16 * 16 * 36,
      fcMacs: 320,
      convLayers: 2,
      fcLayers: 1,
    });
  });

  it('folds a batch norm only into a sole consumer conv', () => {
    const network = load([
      conv('c'),
      { name: 'bn', kind: 'batchnorm' },
      { name: 'other', kind: 'relu', inputs: ['c'] },
      { name: 'bn2', kind: 'batchnorm', inputs: ['other'] },
    ]);
    expect(network.byName.get('bn')?.foldedInto).toBeUndefined();
    expect(network.byName.get('c')?.foldedBatchNorm).toBeUndefined();
    expect(network.byName.get('bn2')?.foldedInto).toBeUndefined();
  });

  it('applies asymmetric padding, dilation and ceil mode', () => {
    const network = load([
      conv('asym', { kernel: 3, padding: [0, 1, 2, 3], stride: 2 }),
      conv('dilated', { kernel: 3, dilation: 2, padding: 0 }),
      { name: 'ceil', kind: 'maxpool', kernel: 3, stride: 2, ceilMode: true },
      { name: 'floor', kind: 'maxpool', inputs: ['dilated'], kernel: 3, stride: 2 },
    ]);
    // height: floor((32 + 0 + 2 - 3) / 2) + 1 = 16; width: floor((32 + 1 + 3 - 3) / 2) + 1 = 17
    expect(network.byName.get('asym')?.outputShape).toEqual({ channels: 8, height: 16, width: 17 });
    // dilation 2 makes the 3×3 kernel span 5: 16 - 5 + 1 = 12 rows, 17 - 5 + 1 = 13 columns
    expect(network.byName.get('dilated')?.outputShape).toEqual({ channels: 8, height: 12, width: 13 });
    expect(network.byName.get('ceil')?.outputShape).toEqual({ channels: 8, height: 6, width: 6 });
    expect(network.byName.get('floor')?.outputShape).toEqual({ channels: 8, height: 5, width: 6 });
  });

  it('writes and reads back the same network', () => {
    const directory = mkdtempSync(join(tmpdir(), 'bitfluid-network-'));
    for (const id of ['alexnet', 'resnet50-v1']) {
      const original = loadBundledNetwork(id);
      const path = join(directory, `${id}.json`);
      writeNetworkFile(path, original);
      const copy = loadNetworkFile(path);
      expect(copy.layers).toEqual(original.layers);
      expect(copy.variant).toEqual(original.variant);
      expect(readFileSync(path, 'utf8')).toBe(readFileSync(original.file as string, 'utf8'));
    }
  });

  it('writes one layer per line with shorthands', () => {
    const text = formatNetworkFile(
      parseNetwork(document([conv('a', { padding: [1, 2, 1, 2], kernel: [3, 5] }), { name: 'b', kind: 'clip', min: 0, max: 6 }, { name: 'c', kind: 'add', inputs: ['a', 'b'] }])),
    );
    const lines = text.split('\n');
    expect(lines).toContain('    { "name": "a", "kind": "conv", "outChannels": 8, "kernel": [3, 5], "stride": 1, "padding": [1, 2], "dilation": 1, "groups": 1, "bias": false },');
    expect(lines).toContain('    { "name": "b", "kind": "clip", "min": 0, "max": 6 },');
    expect(lines).toContain('    { "name": "c", "kind": "add", "inputs": ["a", "b"] }');
    expect(text.startsWith('{\n  "format": "bitfluid-network",\n')).toBe(true);
  });
});

describe('network loader errors', () => {
  it('rejects a missing field', () => {
    const error = inputErrorOf(() => load([{ name: 'c', kind: 'conv', kernel: 3, bias: false }]));
    expect(error.file).toBe('tiny.json');
    expect(error.field).toBe('layers[0].outChannels');
    expect(error.message).toBe('tiny.json: layers[0].outChannels: invalid input. The field is missing. Add it: expected a positive integer.');
  });

  it('rejects a missing header field', () => {
    const error = inputErrorOf(() => parseNetwork({ ...HEADER, id: undefined, layers: [conv('c')] }, 'tiny.json'));
    expect(error.field).toBe('id');
    expect(error.message).toContain('The field is missing');
  });

  it('rejects a negative size', () => {
    const error = inputErrorOf(() => load([conv('c', { kernel: [3, -1] })]));
    expect(error.field).toBe('layers[0].kernel[1]');
    expect(error.value).toBe(-1);
    expect(error.message).toBe(
      'tiny.json: layers[0].kernel[1]: invalid value -1. Expected a positive integer or a pair [height, width] of positive integers.',
    );
  });

  it('rejects a negative input size', () => {
    const error = inputErrorOf(() => load([conv('c')], { input: { channels: 3, height: -224, width: 224 } }));
    expect(error.field).toBe('input.height');
    expect(error.message).toContain('Expected a positive integer');
  });

  it('rejects an add of different shapes', () => {
    const error = inputErrorOf(() =>
      load([
        conv('a', { outChannels: 64 }),
        conv('b', { inputs: ['input'], outChannels: 128, stride: 2 }),
        { name: 'sum', kind: 'add', inputs: ['a', 'b'] },
      ]),
    );
    expect(error.field).toBe('layers[2].inputs');
    expect(error.message).toBe(
      'tiny.json: layers[2].inputs: invalid value ["a","b"]. Layer "sum": An add needs inputs of the same shape; got [64,32,32] and [128,16,16] from a and b.',
    );
  });

  it('rejects an unknown kind', () => {
    const error = inputErrorOf(() => load([conv('a'), { name: 'x', kind: 'softmax' }]));
    expect(error.field).toBe('layers[1].kind');
    expect(error.message).toContain('invalid value "softmax"');
    expect(error.message).toContain('conv, fc, relu, clip, maxpool, avgpool, adaptiveavgpool, globalavgpool, batchnorm, add, concat, flatten');
  });

  it('rejects an unknown field', () => {
    const error = inputErrorOf(() => load([conv('a', { strides: 2 })]));
    expect(error.field).toBe('layers[0].strides');
    expect(error.message).toContain('Unknown field "strides"');
    expect(error.message).toContain('stride');
  });

  it('rejects truncated JSON', () => {
    const directory = mkdtempSync(join(tmpdir(), 'bitfluid-network-'));
    const path = join(directory, 'truncated.json');
    const text = readFileSync(loadBundledNetwork('resnet18').file as string, 'utf8');
    writeFileSync(path, text.slice(0, text.length / 2));

    const error = inputErrorOf(() => loadNetworkFile(path));
    expect(error.file).toBe(path);
    expect(error.message).toContain('is not valid JSON');
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('rejects a missing file', () => {
    const error = inputErrorOf(() => loadNetworkFile('/nonexistent/network.json'));
    expect(error.message).toContain('/nonexistent/network.json');
    expect(error.message).toContain('does not exist');
  });

  it('rejects a wrong format marker', () => {
    const error = inputErrorOf(() => parseNetwork({ ...HEADER, format: 'onnx', layers: [conv('a')] }, 'tiny.json'));
    expect(error.field).toBe('format');
    expect(error.message).toContain('"bitfluid-network"');
  });

  it('rejects graph errors', () => {
    const cases: [unknown[], string, RegExp][] = [
      [[conv('a'), conv('a')], 'layers[1].name', /must be unique/],
      [[conv('a', { inputs: ['b'] }), conv('b')], 'layers[0].inputs', /comes later \(layers\[1\]\)/],
      [[conv('a', { inputs: ['nothing'] })], 'layers[0].inputs', /No earlier layer is named "nothing"/],
      [[conv('a', { groups: 2 })], 'layers[0].groups', /groups must divide both the 3 input channels/],
      [[conv('a', { kernel: 40, padding: 0 })], 'layers[0].kernel', /does not fit the padded input 32×32/],
      [[conv('a'), { name: 'fc', kind: 'fc', outFeatures: 10, bias: true }], 'layers[1].inputs', /Insert a flatten/],
      [[{ name: 'p', kind: 'maxpool', kernel: 3, padding: 2 }], 'layers[0].padding', /at most half the kernel/],
      [[{ name: 'c', kind: 'clip', min: 6, max: 0 }], 'layers[0].max', /min < max/],
      [[{ name: 'input', kind: 'relu' }], 'layers[0].name', /other than the reserved "input"/],
      [[{ name: 's', kind: 'add', inputs: ['input'] }], 'layers[0].inputs', /array of names/],
    ];
    for (const [layers, field, pattern] of cases) {
      const error = inputErrorOf(() => load(layers));
      expect(error.field, JSON.stringify(layers)).toBe(field);
      expect(error.message, JSON.stringify(layers)).toMatch(pattern);
      expect(error.message.split('\n')).toHaveLength(1);
    }
  });

  it('rejects a concat of different sizes', () => {
    const error = inputErrorOf(() => load([conv('a', { stride: 2 }), { name: 'cat', kind: 'concat', inputs: ['a', 'input'] }]));
    expect(error.message).toContain('got [8,16,16] and [3,32,32] from a and input');
  });

  it('rejects invalid networks built in code', () => {
    const network = parseNetwork(document([conv('a')]));
    const layer = network.layers[0];
    if (layer.kind !== 'conv') throw new Error('expected a conv');
    layer.stride = [0, 1];

    const error = inputErrorOf(() => resolveNetwork(network));
    expect(error.field).toBe('layers[0].stride');
    expect(error.message).toContain('positive integer');
  });

  it('refuses to write an invalid network', () => {
    const network = parseNetwork(document([conv('a')]));
    network.layers.push({ name: 'b', kind: 'relu', inputs: ['missing'] });
    const path = join(mkdtempSync(join(tmpdir(), 'bitfluid-network-')), 'bad.json');

    expect(() => writeNetworkFile(path, network)).toThrow(/No earlier layer is named "missing"/);
  });
});
