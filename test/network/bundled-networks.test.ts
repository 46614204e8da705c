import { describe, expect, it } from 'vitest';
import { listBundledNetworks, loadBundledNetwork } from '../../src/network/index.js';
import type { ResolvedLayer, ResolvedNetwork } from '../../src/network/index.js';

/**
 * Published totals. Params are torchvision's weight metadata `num_params` (the model pages of
 * torchvision.models: alexnet, vgg16, resnet18, resnet50). MACs are the exact counts behind the
 * "GFLOPS" figures there (0.71, 15.47, 1.81, 4.09), which count multiply-accumulates. The
 * PyTorchCV v1 ResNet50 (pytorchcv/models/resnet.py, conv1_stride=True) has the same layers and
 * params; its MACs are lower because its stride-2 convs are the 1×1 conv1 instead of the 3×3
 * conv2, which saves 3 × (102,760,448 − 25,690,112) MACs.
 */
const PUBLISHED = {
  alexnet: { params: 61_100_840, macs: 714_188_480, convLayers: 5, fcLayers: 3 },
  vgg16: { params: 138_357_544, macs: 15_470_264_320, convLayers: 13, fcLayers: 3 },
  resnet18: { params: 11_689_512, macs: 1_814_073_344, convLayers: 20, fcLayers: 1 },
  resnet50: { params: 25_557_032, macs: 4_089_184_256, convLayers: 53, fcLayers: 1 },
  'resnet50-v1': { params: 25_557_032, macs: 3_857_973_248, convLayers: 53, fcLayers: 1 },
} as const;

function layer(network: ResolvedNetwork, name: string): ResolvedLayer {
  const found = network.byName.get(name);
  if (found === undefined) throw new Error(`${network.id} has no layer ${name}`);
  return found;
}

function shapeOf(network: ResolvedNetwork, name: string): number[] {
  const { channels, height, width } = layer(network, name).outputShape;
  return [channels, height, width];
}

describe('bundled networks', () => {
  it('lists the five bundled ids', () => {
    expect(listBundledNetworks()).toEqual(['alexnet', 'resnet18', 'resnet50', 'resnet50-v1', 'vgg16']);
  });

  for (const [id, published] of Object.entries(PUBLISHED)) {
    it(`${id} matches the published totals`, () => {
      const network = loadBundledNetwork(id);
      expect(network.totals.params).toBe(published.params);
      expect(network.totals.macs).toBe(published.macs);
      expect(network.totals.convLayers).toBe(published.convLayers);
      expect(network.totals.fcLayers).toBe(published.fcLayers);
      expect(network.totals.convMacs + network.totals.fcMacs).toBe(network.totals.macs);
    });

    it(`${id} pins its variant and a 3×224×224 input`, () => {
      const network = loadBundledNetwork(id);
      expect(network.id).toBe(id);
      expect(network.variant.model.length).toBeGreaterThan(10);
      expect(network.variant.source.length).toBeGreaterThan(10);
      expect(network.variant.notes).toContain('Totals:');
      expect(network.input).toEqual({ channels: 3, height: 224, width: 224 });
      expect(network.file).toMatch(new RegExp(`networks[/\\\\]${id}\\.json$`));
    });
  }

  it('alexnet is the torchvision single-tower variant', () => {
    const alexnet = loadBundledNetwork('alexnet');
    const convs = alexnet.layers.filter((item) => item.kind === 'conv');
    expect(convs.map((item) => item.outputShape.channels)).toEqual([64, 192, 384, 256, 256]);
    expect(convs.every((item) => item.kind === 'conv' && item.groups === 1 && item.bias)).toBe(true);
    expect(alexnet.variant.notes).toContain('Dropout');
    expect(shapeOf(alexnet, 'features.0')).toEqual([64, 55, 55]);
    expect(layer(alexnet, 'features.0').macs).toBe(70_276_800);
    expect(shapeOf(alexnet, 'features.12')).toEqual([256, 6, 6]);
    expect(shapeOf(alexnet, 'flatten')).toEqual([9216, 1, 1]);
    expect(layer(alexnet, 'classifier.1').params).toBe(37_752_832);
    expect(alexnet.layers.some((item) => item.name.startsWith('classifier.0'))).toBe(false);
  });

  it('vgg16 spot checks', () => {
    const vgg = loadBundledNetwork('vgg16');
    expect(layer(vgg, 'features.2').macs).toBe(1_849_688_064);
    expect(shapeOf(vgg, 'features.30')).toEqual([512, 7, 7]);
    expect(layer(vgg, 'classifier.0').params).toBe(102_764_544);
    expect(layer(vgg, 'features.1').kind).toBe('relu');
  });

  it('resnet18 spot checks', () => {
    const resnet = loadBundledNetwork('resnet18');
    expect(shapeOf(resnet, 'conv1')).toEqual([64, 112, 112]);
    expect(layer(resnet, 'conv1').macs).toBe(118_013_952);
    expect(shapeOf(resnet, 'maxpool')).toEqual([64, 56, 56]);
    expect(layer(resnet, 'layer2.0.downsample.0').macs).toBe(6_422_528);
    expect(shapeOf(resnet, 'layer4.1.add')).toEqual([512, 7, 7]);
    expect(layer(resnet, 'fc').params).toBe(513_000);
  });

  it('resnet50 and resnet50-v1 differ only in stride placement', () => {
    const v15 = loadBundledNetwork('resnet50');
    const v1 = loadBundledNetwork('resnet50-v1');
    expect(v1.layers.map((item) => item.name)).toEqual(v15.layers.map((item) => item.name));

    const differing = v15.layers
      .filter((item, index) => JSON.stringify(item) !== JSON.stringify(v1.layers[index]))
      .map((item) => item.name);
    expect(differing).toEqual([
      'layer2.0.conv1', 'layer2.0.bn1', 'layer2.0.relu', 'layer2.0.conv2',
      'layer3.0.conv1', 'layer3.0.bn1', 'layer3.0.relu', 'layer3.0.conv2',
      'layer4.0.conv1', 'layer4.0.bn1', 'layer4.0.relu', 'layer4.0.conv2',
    ]);

    for (const stage of [2, 3, 4]) {
      const conv1 = `layer${stage}.0.conv1`;
      const conv2 = `layer${stage}.0.conv2`;
      expect(layer(v15, conv1)).toMatchObject({ stride: [1, 1] });
      expect(layer(v15, conv2)).toMatchObject({ stride: [2, 2] });
      expect(layer(v1, conv1)).toMatchObject({ stride: [2, 2] });
      expect(layer(v1, conv2)).toMatchObject({ stride: [1, 1] });
      expect(layer(v1, conv1).macs * 4).toBe(layer(v15, conv1).macs);
      expect(layer(v1, conv2).macs).toBe(layer(v15, conv2).macs);
      expect(layer(v1, conv2).outputShape).toEqual(layer(v15, conv2).outputShape);
    }

    expect(layer(v15, 'layer2.0.conv1').macs).toBe(102_760_448);
    expect(layer(v1, 'layer2.0.conv1').macs).toBe(25_690_112);
    expect(shapeOf(v1, 'layer2.0.conv1')).toEqual([128, 28, 28]);
    expect(shapeOf(v15, 'layer2.0.conv1')).toEqual([128, 56, 56]);
    expect(v15.totals.macs - v1.totals.macs).toBe(3 * 102_760_448 - 3 * 25_690_112);
  });

  it('resnets fold every batch norm into its conv', () => {
    for (const id of ['resnet18', 'resnet50', 'resnet50-v1']) {
      const network = loadBundledNetwork(id);
      const batchNorms = network.layers.filter((item) => item.kind === 'batchnorm');
      const convs = network.layers.filter((item) => item.kind === 'conv');
      expect(batchNorms.length).toBe(convs.length);

      for (const batchNorm of batchNorms) {
        expect(batchNorm.foldedInto).toBe(batchNorm.inputs[0]);
        expect(layer(network, batchNorm.inputs[0]).foldedBatchNorm).toBe(batchNorm.name);
        expect(batchNorm.params).toBe(2 * batchNorm.outputShape.channels);
      }
    }
    expect(layer(loadBundledNetwork('resnet50'), 'layer1.0.downsample.0').foldedBatchNorm).toBe('layer1.0.downsample.1');
  });

  it('plain networks mark no folding', () => {
    for (const id of ['alexnet', 'vgg16']) {
      const network = loadBundledNetwork(id);
      expect(network.layers.some((item) => item.foldedInto !== undefined || item.foldedBatchNorm !== undefined)).toBe(false);
    }
  });

  it('reused modules get the _k suffix', () => {
    const resnet18 = loadBundledNetwork('resnet18');
    expect(layer(resnet18, 'layer1.0.relu').inputs).toEqual(['layer1.0.bn1']);
    expect(layer(resnet18, 'layer1.0.relu_1').inputs).toEqual(['layer1.0.add']);

    const resnet50 = loadBundledNetwork('resnet50');
    expect(layer(resnet50, 'layer3.2.relu_1').inputs).toEqual(['layer3.2.bn2']);
    expect(layer(resnet50, 'layer3.2.relu_2').inputs).toEqual(['layer3.2.add']);
    expect(layer(resnet50, 'layer3.2.add').inputs).toEqual(['layer3.2.bn3', 'layer3.1.relu_2']);
    expect(layer(resnet50, 'layer2.0.add').inputs).toEqual(['layer2.0.bn3', 'layer2.0.downsample.1']);
  });

  it('consumers mirror inputs', () => {
    const resnet50 = loadBundledNetwork('resnet50');
    expect(layer(resnet50, 'maxpool').consumers).toEqual(['layer1.0.conv1', 'layer1.0.downsample.0']);
    expect(layer(resnet50, 'layer1.0.relu_2').consumers).toEqual(['layer1.1.conv1', 'layer1.1.add']);
    expect(layer(resnet50, 'fc').consumers).toEqual([]);

    for (const item of resnet50.layers) {
      for (const consumer of item.consumers) expect(layer(resnet50, consumer).inputs).toContain(item.name);
    }
  });

  it('unknown bundled id lists the known ones', () => {
    expect(() => loadBundledNetwork('resnet101')).toThrow(/resnet101.*alexnet, resnet18, resnet50, resnet50-v1, vgg16/);
  });
});
