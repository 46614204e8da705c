import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildNetwork, expectAllPassed, verify } from './helpers.js';

const format = fc.record({ actBits: fc.integer({ min: 2, max: 8 }), actSigned: fc.boolean() });

describe('pooling on the engine', () => {
  it('max pool matches onnxruntime and the cost model', async () => {
    // conv → max pool → conv: the pool reads the format the second conv consumes.
    await fc.assert(
      fc.asyncProperty(
        fc.record({ kernel: fc.integer({ min: 1, max: 4 }), stride: fc.integer({ min: 1, max: 3 }), padTwice: fc.integer({ min: 0, max: 4 }), ceil: fc.boolean(), extra: fc.integer({ min: 0, max: 5 }), channels: fc.integer({ min: 1, max: 3 }), next: format, seed: fc.nat(1000) }),
        async (spec) => {
          const padding = Math.min(Math.floor(spec.kernel / 2), Math.floor(spec.padTwice / 2));
          const size = spec.kernel + spec.extra;
          const { network, config } = buildNetwork(
            { channels: spec.channels, height: size, width: size },
            [
              { name: 'conv', kind: 'conv', outChannels: spec.channels, kernel: 1, bias: false },
              { name: 'pool', kind: 'maxpool', kernel: spec.kernel, stride: spec.stride, padding, ceilMode: spec.ceil },
              { name: 'next', kind: 'conv', outChannels: 1, kernel: 1, bias: false },
            ],
            { next: { weightBits: 4, ...spec.next } },
          );
          expectAllPassed(await verify(network, config, ['pool'], { seed: spec.seed }));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('average pools match onnxruntime sums and the dyadic division', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ kind: fc.constantFrom('avgpool', 'globalavgpool', 'adaptiveavgpool'), kernel: fc.integer({ min: 1, max: 4 }), stride: fc.integer({ min: 1, max: 3 }), padTwice: fc.integer({ min: 0, max: 4 }), ceil: fc.boolean(), extra: fc.integer({ min: 0, max: 5 }), channels: fc.integer({ min: 1, max: 3 }), behindConv: fc.boolean(), seed: fc.nat(1000) }),
        async (spec) => {
          const size = spec.kernel + spec.extra;
          const padding = Math.min(Math.floor(spec.kernel / 2), Math.floor(spec.padTwice / 2));
          const pool: Record<string, unknown> = { name: 'pool', kind: spec.kind };
          if (spec.kind === 'avgpool') Object.assign(pool, { kernel: spec.kernel, stride: spec.stride, padding, ceilMode: spec.ceil, countIncludePad: true });
          // An adaptive pool to a size that divides the input: equal windows of at least 2 × 2 (1 × 1 would be an identity).
          const window = Math.max(2, spec.kernel);
          const outputSize = Math.max(1, Math.floor((size + 1) / window));
          if (spec.kind === 'adaptiveavgpool') Object.assign(pool, { outputSize });
          const adaptiveSize = spec.kind === 'adaptiveavgpool' ? outputSize * window : size;
          // Behind a conv the pool reads the 16-bit residual format; as the first layer it reads the 8-bit network input.
          const layers = spec.behindConv ? [{ name: 'conv', kind: 'conv', outChannels: spec.channels, kernel: 1, bias: false }, pool] : [pool];
          const { network, config } = buildNetwork({ channels: spec.channels, height: adaptiveSize, width: adaptiveSize }, layers, {});
          expectAllPassed(await verify(network, config, ['pool'], { seed: spec.seed }));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('residual add on the engine', () => {
  it('rescales, adds, applies the fused ReLU and clamps as onnxruntime does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ channels: fc.integer({ min: 1, max: 4 }), size: fc.integer({ min: 1, max: 6 }), conv: fc.record({ weightBits: fc.integer({ min: 2, max: 8 }), actBits: fc.integer({ min: 2, max: 8 }), actSigned: fc.boolean() }), addBits: fc.integer({ min: 4, max: 16 }), relu: fc.boolean(), batch: fc.integer({ min: 1, max: 2 }), seed: fc.nat(1000) }),
        async (spec) => {
          const layers: Record<string, unknown>[] = [
            { name: 'conv', kind: 'conv', outChannels: spec.channels, kernel: 3, padding: 1, bias: false },
            { name: 'add', kind: 'add', inputs: ['conv', 'input'] },
          ];
          if (spec.relu) layers.push({ name: 'relu', kind: 'relu' });
          const { network, config } = buildNetwork({ channels: spec.channels, height: spec.size, width: spec.size }, layers, { conv: spec.conv, add: { actBits: spec.addBits, actSigned: true } });
          const report = await verify(network, config, ['add'], { seed: spec.seed, batch: spec.batch });
          expectAllPassed(report);
          expect(report.layers[0].values.compared).toBe(spec.channels * spec.size * spec.size * spec.batch);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('standalone activations on the engine', () => {
  it('ReLU and clip that are not fused run their own plan', async () => {
    // The conv feeds both the activation and the add, so the activation cannot fuse into it.
    for (const activation of [{ name: 'act', kind: 'relu' }, { name: 'act', kind: 'clip', min: -3, max: 100 }]) {
      const { network, config } = buildNetwork(
        { channels: 2, height: 5, width: 5 },
        [
          { name: 'conv', kind: 'conv', outChannels: 2, kernel: 3, padding: 1, bias: true },
          activation,
          { name: 'add', kind: 'add', inputs: ['act', 'conv'] },
        ],
        { conv: { weightBits: 6, actBits: 5, actSigned: true } },
      );
      const report = await verify(network, config, ['act']);
      expectAllPassed(report);
      expect(report.layers[0].strategy).toBe('elementwise');
    }
  });
});
