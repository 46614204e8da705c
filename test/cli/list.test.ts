import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

interface ListJson {
  networks: { id: string; params: number; macs: number; configs: { id: string; top1?: number; bopsG: number; sameBitsAs?: string }[] }[];
  technologies: { id: string; minV: number; maxV: number; sweepV: number[] }[];
}

describe('bitfluid list', () => {
  const result = runCli(['list', '--json']);
  const listed = JSON.parse(result.stdout) as ListJson;

  it('exits 0 with JSON on stdout', () => {
    expect(result.status).toBe(0);
    expect(listed.networks.length).toBe(5);
  });

  it('lists the five networks with torchvision totals', () => {
    const byId = new Map(listed.networks.map((network) => [network.id, network]));
    // Parameter counts: torchvision weight metadata `num_params`; MACs from torchvision's GFLOPS.
    expect(byId.get('alexnet')).toMatchObject({ params: 61_100_840, macs: 714_188_480 });
    expect(byId.get('vgg16')).toMatchObject({ params: 138_357_544, macs: 15_470_264_320 });
    expect(byId.get('resnet18')).toMatchObject({ params: 11_689_512, macs: 1_814_073_344 });
    expect(byId.get('resnet50')).toMatchObject({ params: 25_557_032, macs: 4_089_184_256 });
    expect(byId.get('resnet50-v1')).toMatchObject({ params: 25_557_032, macs: 3_857_973_248 });
  });

  it('lists int4, int8 and int16 for every network', () => {
    for (const network of listed.networks) {
      const ids = network.configs.map((config) => config.id);
      expect(ids, network.id).toEqual(expect.arrayContaining(['int4', 'int8', 'int16']));
    }
  });

  it('lists every HAWQ-V3 config of resnet18 with its top-1', () => {
    const resnet18 = listed.networks.find((network) => network.id === 'resnet18')!;
    const hawq = resnet18.configs.filter((config) => config.id.startsWith('hawq-'));
    expect(hawq.length).toBe(9);
    // HAWQ model_zoo.md: Mixed Precision Medium Latency, ResNet18, 70.34 % top-1.
    expect(resnet18.configs.find((config) => config.id === 'hawq-latency-0.5')?.top1).toBe(70.34);
  });

  it('marks configs with identical bits', () => {
    const resnet18 = listed.networks.find((network) => network.id === 'resnet18')!;
    const byId = new Map(resnet18.configs.map((config) => [config.id, config]));
    // HAWQ-V3's bit_config.py defines bops_0.25 and latency_0.25 (and the 0.75 pair) with the same bits.
    expect(byId.get('hawq-latency-0.25')?.sameBitsAs).toBe('hawq-bops-0.25');
    expect(byId.get('hawq-latency-0.75')?.sameBitsAs).toBe('hawq-bops-0.75');
    expect(byId.get('hawq-latency-0.5')?.sameBitsAs).toBeUndefined();
  });

  it('lists both technologies with at least three sweep voltages', () => {
    expect(listed.technologies.map((tech) => tech.id).sort()).toEqual(['reram', 'sram']);
    for (const tech of listed.technologies) {
      expect(tech.sweepV.length).toBeGreaterThanOrEqual(3);
      for (const vddV of tech.sweepV) {
        expect(vddV).toBeGreaterThanOrEqual(tech.minV);
        expect(vddV).toBeLessThanOrEqual(tech.maxV);
      }
    }
  });

  it('prints tables without --json', () => {
    const text = runCli(['list']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('resnet50-v1');
    expect(text.stdout).toContain('hawq-latency-0.25');
    expect(text.stdout).toContain('reram');
  });
});
