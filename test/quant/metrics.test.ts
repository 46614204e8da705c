import { describe, expect, it } from 'vitest';
import { loadBundledNetwork } from '../../src/network/load.js';
import { computePrecisionMetrics, loadBundledConfig, parsePrecisionConfig, resolvePrecision } from '../../src/quant/index.js';

const networks = { resnet18: loadBundledNetwork('resnet18'), 'resnet50-v1': loadBundledNetwork('resnet50-v1') };
type NetworkId = keyof typeof networks;

function metricsOf(networkId: NetworkId, id: string) {
  const network = networks[networkId];
  const config = loadBundledConfig(network, id);
  return { config, metrics: computePrecisionMetrics(resolvePrecision(config, network), network) };
}

/**
 * Size (MiB) and BOPs (G) from bitfluid's formulas over the real network files, pinned to two
 * decimals so a changed bit table or a changed MAC count shows up as a failure.
 */
const COMPUTED: Record<NetworkId, Record<string, [number, number]>> = {
  resnet18: {
    int8: [11.14, 116.1],
    'hawq-size-0.75': [9.73, 105.0],
    'hawq-size-0.5': [7.76, 99.45],
    'hawq-size-0.25': [7.14, 96.37],
    'hawq-bops-0.75': [8.54, 93.9],
    'hawq-bops-0.5': [6.49, 74.17],
    'hawq-bops-0.25': [5.91, 54.44],
    'hawq-latency-0.75': [8.54, 93.9],
    'hawq-latency-0.5': [7.06, 77.26],
    'hawq-latency-0.25': [5.91, 54.44],
    int4: [5.82, 34.71],
  },
  'resnet50-v1': {
    int8: [24.32, 246.91],
    'hawq-size-0.75': [20.95, 230.26],
    'hawq-size-0.5': [18.7, 200.67],
    'hawq-size-0.25': [15.76, 168.61],
    'hawq-bops-0.75': [21.58, 200.05],
    'hawq-bops-0.5': [18.43, 156.89],
    'hawq-bops-0.25': [16.5, 111.27],
    'hawq-latency-0.75': [21.91, 202.52],
    'hawq-latency-0.5': [18.27, 157.51],
    'hawq-latency-0.25': [16.34, 115.58],
    int4: [13.14, 67.49],
  },
};

const ALL_CASES = (Object.keys(COMPUTED) as NetworkId[]).flatMap((networkId) => Object.keys(COMPUTED[networkId]).map((id) => [networkId, id] as const));
const MIXED_CASES = ALL_CASES.filter(([, id]) => id.startsWith('hawq-'));

/**
 * Uniform configs whose published value lies outside the rounding of its printed digit. Both
 * deviate in the same direction as the mixed configs (published size larger, published BOPs
 * smaller), so they are checked against the mixed tolerance instead.
 */
const UNIFORM_EXCEPTIONS = new Set(['resnet18/int4/bops', 'resnet50-v1/int8/size']);

/**
 * Tolerance for HAWQ's published mixed-precision values. Over the same per-layer bits, the
 * published size is 0.14 to 0.42 MiB larger than Σ weights × bits, and the published BOPs are
 * 0.4 to 4.3 G smaller than Σ MACs × weightBits × actBits. HAWQ does not say how it counts, so the
 * gap stays unexplained. The test accepts the one-sided bands below: the low end is half a unit
 * of the printed digit (rounding), the high end the largest observed gap plus that rounding.
 */
const SIZE_BAND_MIB = { min: -0.05, max: 0.45 };
const BOPS_BAND_G = { min: -0.5, max: 4.5 };

describe('computePrecisionMetrics', () => {
  it.each(ALL_CASES)('%s %s matches the pinned recomputation', (networkId, id) => {
    const { metrics } = metricsOf(networkId, id);
    const [sizeMiB, bopsG] = COMPUTED[networkId][id];
    expect(metrics.sizeMiB).toBeCloseTo(sizeMiB, 2);
    expect(metrics.bopsG).toBeCloseTo(bopsG, 1);
  });

  it('reproduces the HAWQ FP32 row at 32 bits', () => {
    const network = networks.resnet18;
    const config = parsePrecisionConfig({ id: 'fp32', network: 'resnet18', uniform: 32, meta: { source: 'test' } }, network);
    const metrics = computePrecisionMetrics(resolvePrecision(config, network), network);
    // HAWQ model_zoo.md, ResNet18 "Floating Points": 44.6 MB and 1858 GBOPs.
    expect(Math.abs(metrics.sizeMiB - 44.6)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(metrics.bopsG - 1858)).toBeLessThanOrEqual(0.5);
  });

  it('excludes biases from the weight count', () => {
    const network = loadBundledNetwork('alexnet');
    const config = parsePrecisionConfig({ id: 'u8', network: 'alexnet', uniform: 8, meta: { source: 'test' } }, network);
    const metrics = computePrecisionMetrics(resolvePrecision(config, network), network);
    // torchvision AlexNet: 61,100,840 parameters, of which 10,344 are biases (64+192+384+256+256+4096+4096+1000).
    expect(metrics.weightBytes).toBe(61_100_840 - 10_344);
  });
});

describe('published HAWQ-V3 size and BOPs', () => {
  it.each(ALL_CASES.filter(([, id]) => !id.startsWith('hawq-')))('%s %s matches within the printed rounding', (networkId, id) => {
    const { config, metrics } = metricsOf(networkId, id);
    const { sizeMiB, bopsG } = config.meta as { sizeMiB: number; bopsG: number };
    if (UNIFORM_EXCEPTIONS.has(`${networkId}/${id}/size`)) {
      expect(sizeMiB - metrics.sizeMiB).toBeGreaterThanOrEqual(SIZE_BAND_MIB.min);
      expect(sizeMiB - metrics.sizeMiB).toBeLessThanOrEqual(SIZE_BAND_MIB.max);
    } else {
      expect(Math.abs(sizeMiB - metrics.sizeMiB)).toBeLessThanOrEqual(0.05);
    }
    if (UNIFORM_EXCEPTIONS.has(`${networkId}/${id}/bops`)) {
      expect(metrics.bopsG - bopsG).toBeGreaterThanOrEqual(BOPS_BAND_G.min);
      expect(metrics.bopsG - bopsG).toBeLessThanOrEqual(BOPS_BAND_G.max);
    } else {
      expect(Math.abs(bopsG - metrics.bopsG)).toBeLessThanOrEqual(0.5);
    }
  });

  it.each(MIXED_CASES)('%s %s lies within the mixed-config tolerance', (networkId, id) => {
    const { config, metrics } = metricsOf(networkId, id);
    const { sizeMiB, bopsG } = config.meta as { sizeMiB: number; bopsG: number };
    expect(sizeMiB - metrics.sizeMiB).toBeGreaterThanOrEqual(SIZE_BAND_MIB.min);
    expect(sizeMiB - metrics.sizeMiB).toBeLessThanOrEqual(SIZE_BAND_MIB.max);
    expect(metrics.bopsG - bopsG).toBeGreaterThanOrEqual(BOPS_BAND_G.min);
    expect(metrics.bopsG - bopsG).toBeLessThanOrEqual(BOPS_BAND_G.max);
  });
});
