import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Strategy } from '../../src/mapping/types.js';
import { buildNetwork, expectAllPassed, verify } from './helpers.js';

const precision = fc.record({ weightBits: fc.integer({ min: 2, max: 8 }), actBits: fc.integer({ min: 2, max: 8 }), actSigned: fc.boolean() });

/**
 * A conv with random geometry, followed by what decides its output step: a ReLU and a 1×1 conv
 * (requantize to that conv's format, ReLU fused), a 1×1 conv alone (requantize, no ReLU), or
 * nothing (the network output keeps the accumulator). An optional 1×1 max pool in front makes
 * the network input 8-bit signed, so a conv that reads another format requantizes its input.
 */
const convCase = fc
  .record({
    groups: fc.integer({ min: 1, max: 3 }),
    inPerGroup: fc.integer({ min: 1, max: 3 }),
    outPerGroup: fc.integer({ min: 1, max: 3 }),
    kernel: fc.integer({ min: 1, max: 7 }),
    stride: fc.integer({ min: 1, max: 3 }),
    padding: fc.integer({ min: 0, max: 3 }),
    extra: fc.integer({ min: 0, max: 4 }),
    bias: fc.boolean(),
    conv: precision,
    next: precision,
    tail: fc.constantFrom('relu-conv', 'conv', 'none'),
    poolInFront: fc.boolean(),
    strategy: fc.constantFrom<Strategy>('product-reduce', 'output-broadcast'),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .map((spec) => ({ ...spec, size: Math.max(1, spec.kernel - 2 * spec.padding) + spec.extra }));

describe('conv on the engine', () => {
  it('matches onnxruntime and the cost model for random layers', async () => {
    await fc.assert(
      fc.asyncProperty(convCase, async (spec) => {
        const channels = spec.groups * spec.inPerGroup;
        const out = spec.groups * spec.outPerGroup;
        const layers: Record<string, unknown>[] = [];
        if (spec.poolInFront) layers.push({ name: 'pool', kind: 'maxpool', kernel: 1, stride: 1 });
        layers.push({ name: 'conv', kind: 'conv', outChannels: out, kernel: spec.kernel, stride: spec.stride, padding: spec.padding, groups: spec.groups, bias: spec.bias });
        if (spec.tail === 'relu-conv') layers.push({ name: 'relu', kind: 'relu' });
        if (spec.tail !== 'none') layers.push({ name: 'next', kind: 'conv', outChannels: 2, kernel: 1, bias: false });
        const { network, config } = buildNetwork({ channels, height: spec.size, width: spec.size }, layers, { conv: spec.conv, next: spec.next });

        const report = await verify(network, config, ['conv'], { strategy: spec.strategy, seed: spec.seed });
        expectAllPassed(report);
        expect(report.layers[0].strategy).toBe(spec.strategy);
      }),
      { numRuns: 120 },
    );
  });

  it('requantizes an input stored in another format', async () => {
    const { network, config } = buildNetwork(
      { channels: 3, height: 6, width: 6 },
      [
        { name: 'pool', kind: 'maxpool', kernel: 1, stride: 1 },
        { name: 'conv', kind: 'conv', outChannels: 4, kernel: 3, padding: 1, bias: false },
        { name: 'relu', kind: 'relu' },
        { name: 'next', kind: 'conv', outChannels: 2, kernel: 1, bias: false },
      ],
      { conv: { weightBits: 4, actBits: 4, actSigned: false }, next: { weightBits: 4, actBits: 4, actSigned: false } },
    );
    for (const strategy of ['product-reduce', 'output-broadcast'] as const) {
      const report = await verify(network, config, ['conv'], { strategy });
      expectAllPassed(report);
      // The input requantization is compared too: 3·6·6 inputs and 4·6·6 outputs.
      expect(report.layers[0].values.compared).toBe(3 * 36 + 4 * 36);
      expect(report.layers[0].items).toBeGreaterThan(1);
    }
  });
});

describe('input requantization on the engine', () => {
  it('requantizes an unsigned network input for a second reader', async () => {
    // Both convs read the network input, whose format is that of the first reader (4-bit
    // unsigned). The second consumes 8-bit signed, so it requantizes an unsigned tensor.
    const { network, config } = buildNetwork(
      { channels: 2, height: 5, width: 5 },
      [
        { name: 'first', kind: 'conv', outChannels: 2, kernel: 1, bias: false },
        { name: 'second', kind: 'conv', inputs: ['input'], outChannels: 2, kernel: 3, padding: 1, bias: false },
        { name: 'add', kind: 'add', inputs: ['first', 'second'] },
      ],
      { first: { weightBits: 4, actBits: 4, actSigned: false }, second: { weightBits: 8, actBits: 8, actSigned: true } },
    );
    for (const strategy of ['product-reduce', 'output-broadcast'] as const) {
      const report = await verify(network, config, ['second'], { strategy });
      expectAllPassed(report);
      expect(report.layers[0].values.compared).toBe(2 * 25 + 2 * 25);
    }
  });
});

describe('fc on the engine', () => {
  it('matches onnxruntime and the cost model for random layers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          inFeatures: fc.integer({ min: 1, max: 40 }),
          outFeatures: fc.integer({ min: 1, max: 6 }),
          bias: fc.boolean(),
          fc: precision,
          next: precision,
          withNext: fc.boolean(),
          batch: fc.integer({ min: 1, max: 3 }),
          strategy: fc.constantFrom<Strategy>('product-reduce', 'output-broadcast'),
        }),
        async (spec) => {
          const layers: Record<string, unknown>[] = [{ name: 'fc', kind: 'fc', outFeatures: spec.outFeatures, bias: spec.bias }];
          if (spec.withNext) layers.push({ name: 'relu', kind: 'relu' }, { name: 'next', kind: 'fc', outFeatures: 2, bias: false });
          const { network, config } = buildNetwork({ channels: spec.inFeatures, height: 1, width: 1 }, layers, { fc: spec.fc, next: spec.next });
          const report = await verify(network, config, ['fc'], { strategy: spec.strategy, batch: spec.batch });
          expectAllPassed(report);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sums operands wider than 8 bits exactly', async () => {
    const { network, config } = buildNetwork({ channels: 12, height: 1, width: 1 }, [{ name: 'fc', kind: 'fc', outFeatures: 3, bias: true }], { fc: { weightBits: 12, actBits: 16, actSigned: true } });
    for (const strategy of ['product-reduce', 'output-broadcast'] as const) expectAllPassed(await verify(network, config, ['fc'], { strategy, batch: 2 }));
  });
});
