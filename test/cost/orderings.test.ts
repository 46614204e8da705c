import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateNetwork } from '../../src/cost/evaluate.js';
import type { Strategy } from '../../src/mapping/types.js';
import { loadBundledNetwork } from '../../src/network/load.js';
import { loadBundledConfig } from '../../src/quant/bundled.js';
import { bundledArch, bundledTech, singleConvNetwork, uniformConfig } from '../helpers/descriptions.js';

describe('ResNet18 HAWQ-V3 configs', () => {
  const network = loadBundledNetwork('resnet18');
  // The BF-IMNA abstract: the low-latency-budget config has EDP closest to INT4 and the
  // high-latency-budget one is closer to INT8, so EDP grows with the budget.
  const ordered = ['int4', 'hawq-latency-0.25', 'hawq-latency-0.5', 'hawq-latency-0.75', 'int8'];

  for (const techId of ['sram', 'reram']) {
    it(`EDP grows with the latency budget on ${techId}`, () => {
      const tech = bundledTech(techId);
      const edps = ordered.map((id) => evaluateNetwork({ network, config: loadBundledConfig(network, id), arch: bundledArch(), tech, batch: 1 }).totals.edpJs);
      for (let i = 1; i < edps.length; i++) {
        expect(edps[i], `${ordered[i - 1]} < ${ordered[i]}`).toBeGreaterThan(edps[i - 1]);
      }
    });
  }

  it('gives the same result for the same input', () => {
    const input = { network, config: loadBundledConfig(network, 'hawq-latency-0.5'), arch: bundledArch(), tech: bundledTech('reram'), vddV: 0.8, batch: 16 };
    expect(evaluateNetwork(input)).toEqual(evaluateNetwork(input));
  });
});

/** A random conv layer and precision, small enough to map in microseconds. */
const layerArbitrary = fc.record({
  inChannels: fc.integer({ min: 1, max: 96 }),
  outChannels: fc.integer({ min: 1, max: 64 }),
  size: fc.integer({ min: 3, max: 40 }),
  kernel: fc.integer({ min: 1, max: 7 }),
  stride: fc.integer({ min: 1, max: 3 }),
  bias: fc.boolean(),
  weightBits: fc.integer({ min: 2, max: 15 }),
  actBits: fc.integer({ min: 2, max: 15 }),
  actSigned: fc.boolean(),
  batch: fc.integer({ min: 1, max: 8 }),
  raise: fc.constantFrom<'weightBits' | 'actBits'>('weightBits', 'actBits'),
  tech: fc.constantFrom('sram', 'reram'),
});

describe('cycles and bit width', () => {
  for (const strategy of ['product-reduce', 'output-broadcast'] as Strategy[]) {
    it(`${strategy}: one more bit never lowers cycles`, () => {
      fc.assert(
        fc.property(layerArbitrary, (params) => {
          const kernel = Math.min(params.kernel, params.size);
          const network = singleConvNetwork({ inChannels: params.inChannels, outChannels: params.outChannels, size: params.size, kernel, stride: params.stride, bias: params.bias });
          const base = { weightBits: params.weightBits, actBits: params.actBits, actSigned: params.actSigned };
          const raised = { ...base, [params.raise]: base[params.raise] + 1 };
          const evaluate = (precision: typeof base) =>
            evaluateNetwork({
              network,
              config: uniformConfig(network, precision),
              arch: bundledArch(),
              tech: bundledTech(params.tech),
              batch: params.batch,
              strategies: [strategy],
            }).layers[0];
          const before = evaluate(base);
          const after = evaluate(raised);
          expect(after.apUnitCycles).toBeGreaterThanOrEqual(before.apUnitCycles);
          expect(after.cycles).toBeGreaterThanOrEqual(before.cycles);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('latency-objective mapper is monotone in bits', () => {
    fc.assert(
      fc.property(layerArbitrary, (params) => {
        const kernel = Math.min(params.kernel, params.size);
        const network = singleConvNetwork({ inChannels: params.inChannels, outChannels: params.outChannels, size: params.size, kernel, stride: params.stride, bias: params.bias });
        const base = { weightBits: params.weightBits, actBits: params.actBits, actSigned: params.actSigned };
        const raised = { ...base, [params.raise]: base[params.raise] + 1 };
        const cyclesAt = (precision: typeof base) =>
          evaluateNetwork({ network, config: uniformConfig(network, precision), arch: bundledArch(), tech: bundledTech(params.tech), batch: params.batch, objective: 'latency' }).totals.cycles;
        expect(cyclesAt(raised)).toBeGreaterThanOrEqual(cyclesAt(base));
      }),
      { numRuns: 60 },
    );
  });

  it('raising one ResNet18 layer to 8 bits never lowers its cycles', () => {
    const network = loadBundledNetwork('resnet18');
    const config = loadBundledConfig(network, 'int4');
    const tech = bundledTech('sram');
    const baseline = evaluateNetwork({ network, config, arch: bundledArch(), tech, batch: 1 });
    const convs = network.layers.filter((layer) => layer.kind === 'conv' && config.layers[layer.name]?.weightBits !== 8);
    expect(convs.length).toBeGreaterThan(10);

    for (const conv of convs) {
      const raised = { ...config, layers: { ...config.layers, [conv.name]: { ...config.layers[conv.name], weightBits: 8, actBits: 8, actSigned: true } } };
      const result = evaluateNetwork({ network, config: raised, arch: bundledArch(), tech, batch: 1 });
      const before = baseline.layers.find((layer) => layer.name === conv.name)!;
      const after = result.layers.find((layer) => layer.name === conv.name)!;
      expect(after.cycles, conv.name).toBeGreaterThanOrEqual(before.cycles);
    }
  });
});
