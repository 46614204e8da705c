import { describe, expect, it } from 'vitest';
import { buildNetwork, expectAllPassed, verify } from './helpers.js';

/**
 * ResNet18's stem and first basic block with the real channel counts and the precisions of
 * hawq-latency-0.5 (8-bit convs, 16-bit residual add). The input is 32 × 32 instead of
 * 224 × 224, so the block runs on 8 × 8 feature maps.
 */
function resnetBlock() {
  return buildNetwork(
    { channels: 3, height: 32, width: 32 },
    [
      { name: 'conv1', kind: 'conv', outChannels: 64, kernel: 7, stride: 2, padding: 3, bias: false },
      { name: 'bn1', kind: 'batchnorm' },
      { name: 'relu', kind: 'relu' },
      { name: 'maxpool', kind: 'maxpool', kernel: 3, stride: 2, padding: 1 },
      { name: 'layer1.0.conv1', kind: 'conv', outChannels: 64, kernel: 3, padding: 1, bias: false },
      { name: 'layer1.0.bn1', kind: 'batchnorm' },
      { name: 'layer1.0.relu', kind: 'relu' },
      { name: 'layer1.0.conv2', kind: 'conv', outChannels: 64, kernel: 3, padding: 1, bias: false },
      { name: 'layer1.0.bn2', kind: 'batchnorm' },
      { name: 'layer1.0.add', kind: 'add', inputs: ['layer1.0.bn2', 'maxpool'] },
      { name: 'layer1.0.relu_1', kind: 'relu' },
    ],
    {
      conv1: { weightBits: 8, actBits: 8, actSigned: true },
      'layer1.0.conv1': { weightBits: 8, actBits: 8, actSigned: true },
      'layer1.0.conv2': { weightBits: 8, actBits: 8, actSigned: true },
      'layer1.0.add': { actBits: 16, actSigned: true },
    },
  );
}

describe('ResNet18 basic block end to end', () => {
  it('runs chained on worker threads and matches every layer', async () => {
    const { network, config } = resnetBlock();
    const report = await verify(network, config, undefined, { jobs: 2 });
    expectAllPassed(report);
    expect(report.layers.map((layer) => layer.layer)).toEqual(['conv1', 'maxpool', 'layer1.0.conv1', 'layer1.0.conv2', 'layer1.0.add']);
    // conv1 requantizes to 16 bits with the ReLU fused; layer1.0.conv1 requantizes its 16-bit input to 8 bits first.
    const block = report.layers.find((layer) => layer.layer === 'layer1.0.conv1')!;
    expect(block.values.compared).toBe(64 * 8 * 8 * 2);
    expect(report.layers.find((layer) => layer.layer === 'layer1.0.add')!.values.compared).toBe(64 * 8 * 8);
  });

  it('matches with the product-reduce strategy', async () => {
    const { network, config } = resnetBlock();
    const report = await verify(network, config, ['layer1.0.conv1', 'layer1.0.conv2', 'layer1.0.add'], { strategy: 'product-reduce', batch: 2 });
    expectAllPassed(report);
    expect(report.layers[0].strategy).toBe('product-reduce');
  });
});
