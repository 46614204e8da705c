import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundledNetwork } from '../../src/network/load.js';
import { formatPrecisionConfig, loadPrecisionConfig, parsePrecisionConfig, resolvePrecision } from '../../src/quant/index.js';
import { inputErrorOf } from './helpers.js';

const resnet18 = loadBundledNetwork('resnet18');
const vgg16 = loadBundledNetwork('vgg16');

/** Returns a minimal valid config of resnet18; tests change one field at a time. */
function baseConfig(): Record<string, unknown> {
  return { id: 'test', network: 'resnet18', uniform: 8, meta: { source: 'unit test' } };
}

describe('parsePrecisionConfig shorthands', () => {
  it('expands uniform 8 to signed 8-bit defaults', () => {
    const config = parsePrecisionConfig(baseConfig(), resnet18);
    expect(config.defaults).toEqual({ weightBits: 8, actBits: 8, actSigned: true });
    expect(config.layers).toEqual({});
  });

  it('expands uniform 4 to unsigned activations', () => {
    const config = parsePrecisionConfig({ ...baseConfig(), uniform: 4 }, resnet18);
    expect(config.defaults).toEqual({ weightBits: 4, actBits: 4, actSigned: false });
  });

  it('accepts uniform with explicit signedness and accumulator', () => {
    const config = parsePrecisionConfig({ ...baseConfig(), uniform: { bits: 4, actSigned: true, accBits: 32 } }, resnet18);
    expect(config.defaults).toEqual({ weightBits: 4, actBits: 4, actSigned: true, accBits: 32 });
  });

  it('pins first conv, classifier and adds', () => {
    const config = parsePrecisionConfig({ ...baseConfig(), uniform: 4, pin: { firstConv: 8, classifier: 8, adds: 16 } }, resnet18);
    expect(config.layers.conv1).toEqual({ weightBits: 8, actBits: 8, actSigned: true });
    expect(config.layers.fc).toEqual({ weightBits: 8, actBits: 8, actSigned: true });
    expect(config.layers['layer1.0.add']).toEqual({ actBits: 16, actSigned: true });
    expect(Object.keys(config.layers)).toHaveLength(2 + 8);
  });

  it('pins the last fc of a three-fc network', () => {
    const config = parsePrecisionConfig({ ...baseConfig(), network: 'vgg16', uniform: 4, pin: { classifier: 8, adds: 16 } }, vgg16);
    expect(Object.keys(config.layers)).toEqual(['classifier.6']);
  });

  it('lets a layer entry win over a pin field by field', () => {
    const config = parsePrecisionConfig(
      { ...baseConfig(), uniform: 4, pin: { firstConv: 8 }, layers: { conv1: { actBits: 6, actSigned: false } } },
      resnet18,
    );
    expect(config.layers.conv1).toEqual({ weightBits: 8, actBits: 6, actSigned: false });
  });
});

describe('resolvePrecision', () => {
  it('returns every conv, fc and add layer in order', () => {
    const config = parsePrecisionConfig({ ...baseConfig(), uniform: 4, pin: { firstConv: 8, classifier: 8, adds: 16 } }, resnet18);
    const resolved = resolvePrecision(config, resnet18);
    const expectedNames = resnet18.layers.filter((l) => ['conv', 'fc', 'add'].includes(l.kind)).map((l) => l.name);
    expect([...resolved.keys()]).toEqual(expectedNames);
    expect(resolved.size).toBe(20 + 1 + 8);
  });

  it('gives add layers zero weight bits', () => {
    const config = parsePrecisionConfig({ ...baseConfig(), pin: { adds: 16 } }, resnet18);
    const add = resolvePrecision(config, resnet18).get('layer2.0.add');
    expect(add).toEqual({ layer: 'layer2.0.add', kind: 'add', weightBits: 0, actBits: 16, actSigned: true, listed: true });
  });

  it('fills unlisted layers from defaults', () => {
    const config = parsePrecisionConfig({ ...baseConfig(), uniform: 4, pin: { firstConv: 8 } }, resnet18);
    const layer = resolvePrecision(config, resnet18).get('layer3.1.conv2');
    expect(layer).toEqual({ layer: 'layer3.1.conv2', kind: 'conv', weightBits: 4, actBits: 4, actSigned: false, listed: false });
  });

  it('rejects an accumulator narrower than a product', () => {
    const config = parsePrecisionConfig({ ...baseConfig(), layers: { fc: { accBits: 12 } } }, resnet18);
    const error = inputErrorOf(() => resolvePrecision(config, resnet18));
    expect(error.field).toBe('layers.fc.accBits');
    expect(error.message).toContain('at least 16 bits');
  });

  it('rejects a config of another network', () => {
    const config = parsePrecisionConfig(baseConfig(), resnet18);
    const error = inputErrorOf(() => resolvePrecision(config, vgg16));
    expect(error.field).toBe('network');
  });
});

describe('parsePrecisionConfig errors', () => {
  it('rejects a missing network field', () => {
    const data = baseConfig();
    delete data.network;
    const error = inputErrorOf(() => parsePrecisionConfig(data, resnet18, 'cfg.yaml'));
    expect(error.file).toBe('cfg.yaml');
    expect(error.field).toBe('network');
    expect(error.message).toContain('Missing required field `network`');
  });

  it('rejects a missing meta.source', () => {
    const error = inputErrorOf(() => parsePrecisionConfig({ ...baseConfig(), meta: {} }, resnet18));
    expect(error.field).toBe('meta.source');
  });

  it('rejects a config without defaults or uniform', () => {
    const data = baseConfig();
    delete data.uniform;
    const error = inputErrorOf(() => parsePrecisionConfig(data, resnet18));
    expect(error.field).toBe('defaults');
    expect(error.message).toContain('uniform: 8');
  });

  it('rejects both defaults and uniform', () => {
    const data = { ...baseConfig(), defaults: { weightBits: 8, actBits: 8, actSigned: true } };
    const error = inputErrorOf(() => parsePrecisionConfig(data, resnet18));
    expect(error.field).toBe('uniform');
  });

  it('lists close matches for an unknown layer', () => {
    const data = { ...baseConfig(), layers: { 'layer1.0.conv3': { weightBits: 4 } } };
    const error = inputErrorOf(() => parsePrecisionConfig(data, resnet18));
    expect(error.field).toBe('layers["layer1.0.conv3"]');
    expect(error.value).toBe('layer1.0.conv3');
    expect(error.message).toContain('Did you mean');
    expect(error.message).toContain('"layer1.0.conv1"');
    expect(error.message).toContain('"layer1.0.conv2"');
  });

  it('rejects an entry for a relu layer', () => {
    const reluName = resnet18.layers.find((layer) => layer.kind === 'relu')?.name as string;
    const error = inputErrorOf(() => parsePrecisionConfig({ ...baseConfig(), layers: { [reluName]: { actBits: 4 } } }, resnet18));
    expect(error.message).toContain('is a relu layer');
  });

  it('rejects weight bits on an add', () => {
    const error = inputErrorOf(() => parsePrecisionConfig({ ...baseConfig(), layers: { 'layer1.0.add': { weightBits: 8 } } }, resnet18));
    expect(error.field).toBe('layers["layer1.0.add"].weightBits');
  });

  it.each([
    ['weightBits', 0],
    ['weightBits', 33],
    ['actBits', 0],
    ['actBits', 33],
    ['actBits', 4.5],
    ['accBits', 65],
  ])('rejects %s = %s', (field, bits) => {
    const data = { ...baseConfig(), layers: { conv1: { [field]: bits } } };
    const error = inputErrorOf(() => parsePrecisionConfig(data, resnet18));
    expect(error.field).toBe(`layers.conv1.${field}`);
    expect(error.value).toBe(bits);
    expect(error.message).toMatch(/integer number of bits from 1 to (32|64)/);
  });

  it('rejects uniform 33', () => {
    const error = inputErrorOf(() => parsePrecisionConfig({ ...baseConfig(), uniform: 33 }, resnet18));
    expect(error.field).toBe('uniform');
  });

  it('rejects a wrong network id', () => {
    const error = inputErrorOf(() => parsePrecisionConfig({ ...baseConfig(), network: 'resnet50' }, resnet18));
    expect(error.field).toBe('network');
    expect(error.value).toBe('resnet50');
    expect(error.message).toContain('loaded for network "resnet18"');
  });

  it('rejects an unknown top-level field', () => {
    const error = inputErrorOf(() => parsePrecisionConfig({ ...baseConfig(), layer: {} }, resnet18));
    expect(error.field).toBe('layer');
    expect(error.message).toContain('Unknown field(s) `layer`');
    expect(error.message).toContain('layers');
  });

  it('rejects top1 without its source', () => {
    const error = inputErrorOf(() => parsePrecisionConfig({ ...baseConfig(), meta: { source: 'x', top1: 70 } }, resnet18));
    expect(error.field).toBe('meta.top1Source');
  });
});

describe('loadPrecisionConfig', () => {
  const folder = mkdtempSync(join(tmpdir(), 'bitfluid-quant-'));

  it('reads a YAML file', () => {
    const path = join(folder, 'ok.yaml');
    writeFileSync(path, 'id: mine\nnetwork: resnet18\nuniform: 8\npin: { adds: 16 }\nmeta: { source: hand-written }\n');
    const config = loadPrecisionConfig(path, resnet18);
    expect(config.file).toBe(path);
    expect(config.layers['layer4.1.add']).toEqual({ actBits: 16, actSigned: true });
  });

  it('reports a YAML syntax error with its line', () => {
    const path = join(folder, 'broken.yaml');
    writeFileSync(path, 'id: mine\nnetwork: [resnet18\n');
    const error = inputErrorOf(() => loadPrecisionConfig(path, resnet18));
    expect(error.file).toBe(path);
    expect(error.message).toContain('not valid YAML');
  });

  it('reports a missing file', () => {
    const error = inputErrorOf(() => loadPrecisionConfig(join(folder, 'absent.yaml'), resnet18));
    expect(error.message).toContain('file not found');
  });

  it('round-trips through formatPrecisionConfig', () => {
    const config = parsePrecisionConfig({ ...baseConfig(), uniform: 4, pin: { firstConv: 8, classifier: 8, adds: 16 } }, resnet18);
    const path = join(folder, 'round-trip.yaml');
    writeFileSync(path, formatPrecisionConfig(config, ['header line']));
    const reloaded = loadPrecisionConfig(path, resnet18);
    expect({ ...reloaded, file: undefined }).toEqual({ ...config, file: undefined });
  });
});
