import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundledNetwork } from '../../src/network/load.js';
import {
  importHawqBitConfig,
  loadBundledConfig,
  loadPrecisionConfig,
  readHawqKeyMapFile,
  resolvePrecision,
  type PrecisionConfigMeta,
} from '../../src/quant/index.js';
import { BUNDLED } from '../../src/util/paths.js';
import { runCli } from '../helpers/cli.js';
import { inputErrorOf } from './helpers.js';

const resnet18 = loadBundledNetwork('resnet18');
const resnet50v1 = loadBundledNetwork('resnet50-v1');
const resnet50 = loadBundledNetwork('resnet50');

/** HAWQ scheme names, in the column order of the tables below. */
const SCHEMES = [
  'uniform8',
  'modelsize_0.75',
  'modelsize_0.5',
  'modelsize_0.25',
  'bops_0.75',
  'bops_0.5',
  'bops_0.25',
  'latency_0.75',
  'latency_0.5',
  'latency_0.25',
  'uniform4',
] as const;

/**
 * Bit width of each conv and fc (weights and input activations alike) per HAWQ scheme, read off
 * the dicts in HAWQ's bit_config.py (github.com/Zhen-Dong/HAWQ, commit 800ed9c) by torchvision
 * layer name. It checks the importer's key-to-layer mapping independently of its code.
 */
const RESNET18_BITS = [
  'conv1                    8 8 8 8 8 8 8 8 8 8 8',
  'layer1.0.conv1           8 8 8 8 8 8 8 8 8 8 4',
  'layer1.0.conv2           8 8 8 8 8 8 8 8 8 8 4',
  'layer1.1.conv1           8 8 8 8 8 8 8 8 8 8 4',
  'layer1.1.conv2           8 8 8 8 8 4 4 8 8 4 4',
  'layer2.0.conv1           8 8 8 8 8 8 8 8 8 8 4',
  'layer2.0.conv2           8 8 8 8 8 8 4 8 4 4 4',
  'layer2.0.downsample.0    8 8 8 8 8 8 8 8 8 8 4',
  'layer2.1.conv1           8 8 8 8 8 8 4 8 8 4 4',
  'layer2.1.conv2           8 8 8 8 4 4 4 4 4 4 4',
  'layer3.0.conv1           8 8 8 8 8 8 4 8 8 4 4',
  'layer3.0.conv2           8 8 8 8 8 8 4 8 8 4 4',
  'layer3.0.downsample.0    8 8 8 8 8 8 4 8 8 4 4',
  'layer3.1.conv1           8 8 8 8 8 4 4 8 4 4 4',
  'layer3.1.conv2           8 4 8 8 4 4 4 4 4 4 4',
  'layer4.0.conv1           8 8 8 4 8 4 4 8 8 4 4',
  'layer4.0.conv2           8 8 4 4 4 4 4 4 4 4 4',
  'layer4.0.downsample.0    8 8 8 4 8 4 4 8 8 4 4',
  'layer4.1.conv1           8 8 4 4 8 4 4 8 4 4 4',
  'layer4.1.conv2           8 4 4 4 4 4 4 4 4 4 4',
  'fc                       8 8 8 8 8 8 8 8 8 8 8',
];

const RESNET50_BITS = [
  'conv1                    8 8 8 8 8 8 8 8 8 8 8',
  'layer1.0.conv1           8 8 8 8 8 8 8 8 8 8 4',
  'layer1.0.conv2           8 8 8 8 8 8 4 8 8 8 4',
  'layer1.0.conv3           8 8 8 8 8 8 8 8 8 8 4',
  'layer1.0.downsample.0    8 8 8 8 8 8 8 8 8 8 4',
  'layer1.1.conv1           8 8 8 8 8 8 4 8 8 8 4',
  'layer1.1.conv2           8 8 8 8 8 8 4 8 8 4 4',
  'layer1.1.conv3           8 8 8 8 8 8 8 8 8 8 4',
  'layer1.2.conv1           8 8 8 8 8 8 8 8 8 8 4',
  'layer1.2.conv2           8 8 8 8 4 4 4 4 4 4 4',
  'layer1.2.conv3           8 8 8 8 8 8 4 8 4 4 4',
  'layer2.0.conv1           8 8 8 8 8 8 8 8 8 8 4',
  'layer2.0.conv2           8 8 8 8 8 4 4 4 4 4 4',
  'layer2.0.conv3           8 8 8 8 8 8 8 8 8 8 4',
  'layer2.0.downsample.0    8 8 8 8 8 8 8 8 8 8 4',
  'layer2.1.conv1           8 8 8 8 8 8 4 8 8 4 4',
  'layer2.1.conv2           8 8 8 8 8 4 4 8 8 4 4',
  'layer2.1.conv3           8 8 8 8 8 8 4 8 8 4 4',
  'layer2.2.conv1           8 8 8 8 8 8 4 8 8 4 4',
  'layer2.2.conv2           8 8 8 8 8 4 4 8 4 4 4',
  'layer2.2.conv3           8 8 8 8 8 4 4 8 8 4 4',
  'layer2.3.conv1           8 8 8 8 8 8 8 8 8 8 4',
  'layer2.3.conv2           8 8 8 8 4 4 4 4 4 4 4',
  'layer2.3.conv3           8 8 8 8 8 8 4 8 8 4 4',
  'layer3.0.conv1           8 8 8 8 8 8 8 8 8 4 4',
  'layer3.0.conv2           8 8 4 4 4 4 4 4 4 4 4',
  'layer3.0.conv3           8 8 8 8 8 8 8 8 8 8 4',
  'layer3.0.downsample.0    8 8 8 8 8 8 8 8 8 4 4',
  'layer3.1.conv1           8 8 8 8 8 8 4 8 4 4 4',
  'layer3.1.conv2           8 8 8 4 8 4 4 8 4 4 4',
  'layer3.1.conv3           8 8 8 4 8 4 4 8 4 4 4',
  'layer3.2.conv1           8 8 8 8 8 8 4 8 8 4 4',
  'layer3.2.conv2           8 8 4 4 4 4 4 4 4 4 4',
  'layer3.2.conv3           8 8 4 4 4 4 4 8 4 4 4',
  'layer3.3.conv1           8 8 8 8 8 8 4 8 8 4 4',
  'layer3.3.conv2           8 8 8 4 4 4 4 8 4 4 4',
  'layer3.3.conv3           8 8 8 4 8 4 4 8 4 4 4',
  'layer3.4.conv1           8 8 8 8 8 8 4 8 8 4 4',
  'layer3.4.conv2           8 8 4 4 4 4 4 4 4 4 4',
  'layer3.4.conv3           8 8 8 4 8 4 4 8 4 4 4',
  'layer3.5.conv1           8 8 8 4 8 8 4 8 8 8 4',
  'layer3.5.conv2           8 8 4 4 4 4 4 4 4 4 4',
  'layer3.5.conv3           8 8 8 4 8 8 4 8 4 4 4',
  'layer4.0.conv1           8 8 8 4 8 8 8 8 8 8 4',
  'layer4.0.conv2           8 4 4 4 4 4 4 4 4 4 4',
  'layer4.0.conv3           8 8 8 8 8 8 8 8 8 8 4',
  'layer4.0.downsample.0    8 8 8 4 8 8 8 8 8 8 4',
  'layer4.1.conv1           8 8 8 4 8 8 8 8 8 8 4',
  'layer4.1.conv2           8 4 4 4 8 4 4 8 4 4 4',
  'layer4.1.conv3           8 8 4 4 8 8 4 8 8 4 4',
  'layer4.2.conv1           8 8 8 8 8 8 8 8 8 8 4',
  'layer4.2.conv2           8 4 4 4 8 4 4 8 4 4 4',
  'layer4.2.conv3           8 8 4 4 8 8 4 8 8 4 4',
  'fc                       8 8 8 8 8 8 8 8 8 8 8',
];

function keyMapPath(hawqNetwork: string, scheme: string): string {
  return join(BUNDLED.quantConfigs, 'hawq', hawqNetwork, `${scheme}.json`);
}

function importScheme(hawqNetwork: string, scheme: string, network = hawqNetwork === 'resnet18' ? resnet18 : resnet50v1) {
  const file = readHawqKeyMapFile(keyMapPath(hawqNetwork, scheme));
  return importHawqBitConfig(file.keys, network, { id: 'test', meta: file.meta as PrecisionConfigMeta });
}

describe.each([
  ['resnet18', RESNET18_BITS],
  ['resnet50', RESNET50_BITS],
] as const)('importHawqBitConfig on HAWQ %s', (hawqNetwork, table) => {
  it.each(SCHEMES.map((scheme, column) => [scheme, column] as const))('maps %s to the published per-layer bits', (scheme, column) => {
    const { config } = importScheme(hawqNetwork, scheme);
    const network = hawqNetwork === 'resnet18' ? resnet18 : resnet50v1;
    const resolved = resolvePrecision(config, network);
    for (const row of table) {
      const [name, ...bits] = row.trim().split(/\s+/);
      const expected = Number(bits[column]);
      const layer = resolved.get(name);
      expect(layer?.weightBits, `${name} weightBits`).toBe(expected);
      expect(layer?.actBits, `${name} actBits`).toBe(expected);
      expect(layer?.actSigned, `${name} actSigned`).toBe(expected !== 4);
    }
    const convAndFc = [...resolved.values()].filter((layer) => layer.kind !== 'add');
    expect(convAndFc).toHaveLength(table.length);
  });

  it('puts every residual add at 16 signed bits', () => {
    const { config } = importScheme(hawqNetwork, 'latency_0.5');
    const network = hawqNetwork === 'resnet18' ? resnet18 : resnet50v1;
    const adds = [...resolvePrecision(config, network).values()].filter((layer) => layer.kind === 'add');
    expect(adds).toHaveLength(hawqNetwork === 'resnet18' ? 8 : 16);
    for (const add of adds) {
      expect(add.actBits).toBe(16);
      expect(add.actSigned).toBe(true);
    }
  });
});

describe('importHawqBitConfig details', () => {
  const uniform8 = readHawqKeyMapFile(keyMapPath('resnet18', 'uniform8')).keys;

  it('notes the stem quantizer it cannot place', () => {
    const { notes, config } = importHawqBitConfig(uniform8, resnet18, { id: 'u8' });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('quant_act_int32 = 16 not imported');
    expect(config.meta.notes).toContain('quant_act_int32');
  });

  it('accepts [bits, hook] values', () => {
    const keys = { ...uniform8, 'stage1.unit1.quant_convbn1': [4, 'hook'], 'stage1.unit1.quant_act': [4, 'hook'] };
    const { config } = importHawqBitConfig(keys, resnet18, { id: 'hook' });
    expect(config.layers['layer1.0.conv1']).toEqual({ weightBits: 4, actBits: 4, actSigned: false });
  });

  it('keeps differing weight and activation bits with a note', () => {
    const keys = { ...uniform8, 'stage2.unit2.quant_act1': 4 };
    const { config, notes } = importHawqBitConfig(keys, resnet18, { id: 'mixed' });
    expect(config.layers['layer2.1.conv2']).toEqual({ weightBits: 8, actBits: 4, actSigned: false });
    expect(notes.some((note) => note.startsWith('layer2.1.conv2: weights at 8 bits but input activations'))).toBe(true);
  });

  it('sets the shortcut conv from the unit input quantizer', () => {
    const keys = { ...uniform8, 'stage3.unit1.quant_act': 4, 'stage3.unit1.quant_identity_convbn': 4 };
    const { config } = importHawqBitConfig(keys, resnet18, { id: 'shortcut' });
    expect(config.layers['layer3.0.downsample.0']).toEqual({ weightBits: 4, actBits: 4, actSigned: false });
    expect(config.layers['layer3.0.conv1']).toEqual({ weightBits: 8, actBits: 4, actSigned: false });
  });

  it('rejects unknown keys and lists them', () => {
    const keys = { ...uniform8, 'stage1.unit1.quant_convbm1': 8, quant_logits: 8 };
    const error = inputErrorOf(() => importHawqBitConfig(keys, resnet18, { id: 'bad', file: 'map.json' }));
    expect(error.file).toBe('map.json');
    expect(error.message).toContain('Unknown HAWQ bit_config key(s): stage1.unit1.quant_convbm1, quant_logits');
    expect(error.message).toContain('stageS.unitU.{quant_act, quant_actK, quant_convbnK');
  });

  it('rejects a key whose layer the network lacks', () => {
    const resnet50Keys = readHawqKeyMapFile(keyMapPath('resnet50', 'uniform8')).keys;
    const error = inputErrorOf(() => importHawqBitConfig(resnet50Keys, resnet18, { id: 'wrong' }));
    expect(error.message).toContain('which network "resnet18" does not have');
  });

  it('rejects a key map that leaves a layer unset', () => {
    const keys: Record<string, unknown> = { ...uniform8 };
    delete keys['stage4.unit2.quant_convbn2'];
    const error = inputErrorOf(() => importHawqBitConfig(keys, resnet18, { id: 'partial' }));
    expect(error.value).toBe('layer4.1.conv2');
  });

  it.each([0, 33, 'eight', [8]])('rejects the value %j', (value) => {
    const error = inputErrorOf(() => importHawqBitConfig({ ...uniform8, quant_output: value }, resnet18, { id: 'bad-value' }));
    expect(error.field).toBe('quant_output');
  });

  it('rejects an invalid id', () => {
    const error = inputErrorOf(() => importHawqBitConfig(uniform8, resnet18, { id: 'has space' }));
    expect(error.field).toBe('id');
  });
});

describe('bundled configs from HAWQ key maps', () => {
  const fractions = ['0.75', '0.5', '0.25'];
  const cases = (['resnet18', 'resnet50'] as const).flatMap((hawqNetwork) =>
    (['latency', 'bops', 'modelsize'] as const).flatMap((scheme) =>
      fractions.map((fraction) => [hawqNetwork, `${scheme}_${fraction}`, `hawq-${scheme.replace('modelsize', 'size')}-${fraction}`] as const),
    ),
  );

  it.each(cases)('%s %s equals the bundled %s', (hawqNetwork, scheme, id) => {
    const network = hawqNetwork === 'resnet18' ? resnet18 : resnet50v1;
    const bundled = loadBundledConfig(network, id);
    const file = readHawqKeyMapFile(keyMapPath(hawqNetwork, scheme));
    const imported = importHawqBitConfig(file.keys, network, { id, description: `HAWQ-V3 ${file.hawqConfig}`, meta: file.meta as PrecisionConfigMeta }).config;
    expect({ ...bundled, file: undefined }).toEqual({ ...imported, file: undefined });
    expect(bundled.meta.top1).toBeGreaterThan(60);
    expect(bundled.meta.top1Source).toContain('model_zoo.md');
    expect(bundled.meta.bopsG).toBeGreaterThan(0);
    expect(bundled.meta.sizeMiB).toBeGreaterThan(0);
  });

  it.each([
    ['resnet18', 'uniform8', 'int8', 'resnet18'],
    ['resnet18', 'uniform4', 'int4', 'resnet18'],
    ['resnet50', 'uniform8', 'int8', 'resnet50-v1'],
    ['resnet50', 'uniform4', 'int4', 'resnet50-v1'],
    ['resnet50b', 'uniform8', 'int8', 'resnet50'],
    ['resnet50b', 'uniform4', 'int4', 'resnet50'],
  ] as const)('HAWQ %s %s resolves like the bundled %s of %s', (hawqNetwork, scheme, id, networkId) => {
    const network = { resnet18, 'resnet50-v1': resnet50v1, resnet50 }[networkId];
    const preset = resolvePrecision(loadBundledConfig(network, id), network);
    const imported = resolvePrecision(importScheme(hawqNetwork, scheme, network).config, network);
    const strip = (map: typeof preset) => [...map.values()].map(({ listed: _listed, ...rest }) => rest);
    expect(strip(preset)).toEqual(strip(imported));
  });
});

describe('bitfluid import-hawq', () => {
  const folder = mkdtempSync(join(tmpdir(), 'bitfluid-hawq-'));

  it('writes a config that loads', () => {
    const out = join(folder, 'latency.yaml');
    const result = runCli(['import-hawq', keyMapPath('resnet18', 'latency_0.25'), '--network', 'resnet18', '--id', 'mine', '--out', out]);
    expect(result.stderr).toContain(`wrote ${out}`);
    expect(result.status).toBe(0);
    const config = loadPrecisionConfig(out, resnet18);
    expect(config.id).toBe('mine');
    expect(config.meta.top1).toBe(68.56);
    expect(readFileSync(out, 'utf8')).toContain('# Generated by: bitfluid import-hawq');
  });

  it('prints to stdout without --out', () => {
    const result = runCli(['import-hawq', keyMapPath('resnet50', 'bops_0.5'), '--network', 'resnet50-v1', '--id', 'b05', '--quiet']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('layer4.2.conv3: { weightBits: 8, actBits: 8, actSigned: true }');
  });

  it('refuses to overwrite without --force', () => {
    const out = join(folder, 'exists.yaml');
    writeFileSync(out, 'keep me\n');
    const result = runCli(['import-hawq', keyMapPath('resnet18', 'uniform8'), '--network', 'resnet18', '--id', 'u8', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--force');
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
  });

  it('exits 2 on an unknown key', () => {
    const path = join(folder, 'unknown.json');
    writeFileSync(path, JSON.stringify({ quant_input: 8, stem_thing: 4 }));
    const result = runCli(['import-hawq', path, '--network', 'resnet18', '--id', 'x']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown HAWQ bit_config key(s): stem_thing');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
