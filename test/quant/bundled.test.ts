import { describe, expect, it } from 'vitest';
import { loadBundledNetwork } from '../../src/network/load.js';
import { listBundledConfigs, loadBundledConfig, resolvePrecision } from '../../src/quant/index.js';
import { inputErrorOf } from './helpers.js';

const NETWORKS = ['alexnet', 'vgg16', 'resnet18', 'resnet50', 'resnet50-v1'];
const HAWQ_IDS = ['latency', 'size', 'bops'].flatMap((scheme) => ['0.75', '0.5', '0.25'].map((fraction) => `hawq-${scheme}-${fraction}`));

describe('bundled precision configs', () => {
  it('lists int8, int4 and int16 for every network', () => {
    for (const network of NETWORKS) {
      const ids = listBundledConfigs(network).map((entry) => entry.id);
      expect(ids, network).toEqual(expect.arrayContaining(['int8', 'int4', 'int16']));
    }
  });

  it('lists every HAWQ-V3 config for resnet18 and resnet50-v1', () => {
    for (const network of ['resnet18', 'resnet50-v1']) {
      const ids = listBundledConfigs(network).map((entry) => entry.id);
      expect(ids.sort(), network).toEqual([...HAWQ_IDS, 'int16', 'int4', 'int8'].sort());
    }
  });

  it('lists every network when called without one', () => {
    const networks = new Set(listBundledConfigs().map((entry) => entry.network));
    expect([...networks].sort()).toEqual([...NETWORKS].sort());
  });

  it.each(listBundledConfigs().map((entry) => [entry.network, entry.id] as const))('%s %s loads and resolves', (networkId, id) => {
    const network = loadBundledNetwork(networkId);
    const config = loadBundledConfig(network, id);
    expect(config.id).toBe(id);
    expect(config.network).toBe(networkId);
    expect(config.meta.source?.length).toBeGreaterThan(10);
    const resolved = resolvePrecision(config, network);
    expect(resolved.size).toBe(network.layers.filter((layer) => ['conv', 'fc', 'add'].includes(layer.kind)).length);
  });

  it('keeps the first conv and the classifier of int4 at 8 bits', () => {
    for (const networkId of NETWORKS) {
      const network = loadBundledNetwork(networkId);
      const resolved = [...resolvePrecision(loadBundledConfig(network, 'int4'), network).values()];
      const convAndFc = resolved.filter((layer) => layer.kind !== 'add');
      expect(convAndFc[0].weightBits, networkId).toBe(8);
      expect(convAndFc[convAndFc.length - 1].weightBits, networkId).toBe(8);
      expect(convAndFc.slice(1, -1).every((layer) => layer.weightBits === 4 && !layer.actSigned), networkId).toBe(true);
      expect(resolved.filter((layer) => layer.kind === 'add').every((layer) => layer.actBits === 16), networkId).toBe(true);
    }
  });

  it('names the known configs for an unknown id', () => {
    const error = inputErrorOf(() => loadBundledConfig(loadBundledNetwork('vgg16'), 'int2'));
    expect(error.value).toBe('int2');
    expect(error.message).toContain('int16, int4, int8');
  });
});
