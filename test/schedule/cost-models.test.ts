import { describe, expect, it } from 'vitest';
import { costCoefficients } from '../../src/cost/coefficients.js';
import { evaluateNetwork } from '../../src/cost/evaluate.js';
import { ApCostModel } from '../../src/schedule/ap-cost-model.js';
import { TableCostModel } from '../../src/schedule/table-cost-model.js';
import { DescriptionCache } from '../../src/sweep/bundled-catalog.js';
import { InputError } from '../../src/util/errors.js';
import { inferenceRow } from './helpers.js';

const cache = new DescriptionCache();
const twoPartitions = new ApCostModel({ tech: 'sram', partitions: 2, cache });

function inputErrorOf(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('ApCostModel', () => {
  const work = { network: 'resnet18', config: 'int8', batch: 1 };

  it('matches evaluateNetwork on one partition', () => {
    const arch = cache.architecture({ 'hierarchy.clusters': 16 });
    const direct = evaluateNetwork({ network: cache.network('resnet18'), config: cache.config('resnet18', 'int8'), arch, tech: cache.technology('sram', {}), batch: 1, objective: 'latency' });
    const estimate = twoPartitions.estimate(work);
    expect(estimate.latencyS).toBe(direct.totals.latencyS);
    expect(estimate.energyJ).toBe(direct.totals.energyJ);
    expect(estimate.byClass.gemm).toEqual(direct.totals.byClass.gemm);
    expect(estimate.source).toBe('analytic');
  });

  it('splits a network into layer ranges that sum to it', () => {
    const whole = twoPartitions.estimate(work);
    const head = twoPartitions.estimate({ ...work, range: { from: 0, to: 30 } });
    const tail = twoPartitions.estimate({ ...work, range: { from: 30, to: 69 } });
    expect(head.latencyS + tail.latencyS).toBeCloseTo(whole.latencyS, 15);
    expect(head.energyJ + tail.energyJ).toBeCloseTo(whole.energyJ, 15);
    expect(head.latencyS).toBeGreaterThan(0);
    expect(tail.latencyS).toBeGreaterThan(0);
  });

  it('reports the footprint of the cost model', () => {
    const footprint = twoPartitions.footprint(work);
    const bits = twoPartitions.runResult(work).footprint;
    // 11,678,912 conv and fc weights of ResNet18 at 8 bits.
    expect(footprint.weightBytes).toBe(11_678_912);
    expect(footprint.weightBytes * 8).toBe(bits.weightBits);
    expect(footprint.activationBytes * 8).toBe(bits.peakActivationBits);
    expect(footprint.residentBytes).toBe(footprint.weightBytes + footprint.activationBytes);
    expect(twoPartitions.estimate(work).peakMemoryBytes).toBe(footprint.residentBytes);
  });

  it('splits the clusters into partitions', () => {
    expect(twoPartitions.capacity()).toEqual({ slots: 2, bytesPerSlot: 16 * 2 ** 20 });
    expect(twoPartitions.partitionArch.hierarchy.clusters).toBe(16);
    const whole = new ApCostModel({ tech: 'sram', cache });
    expect(whole.capacity()).toEqual({ slots: 1, bytesPerSlot: 32 * 2 ** 20 });
  });

  it('rejects a partition count that does not divide the clusters', () => {
    const error = inputErrorOf(() => new ApCostModel({ tech: 'sram', partitions: 3, cache }));
    expect(error.message).toContain('partitions');
    expect(error.message).toContain('divides');
  });

  it('prices a cold load as the off-chip stream of the weights', () => {
    const setup = twoPartitions.setupCost({ resident: [] }, work);
    expect(setup.kind).toBe('cold-load');

    // 93,431,296 weight bits over one 25.6 GB/s channel (204.8 Gbit/s) bound the load: the
    // H-tree moves 256 bits per 1 ns cycle (256 Gbit/s) and the 128 MAPs of a partition write
    // ⌈364,966 rows / 128⌉ = 2,852 rows each at one 1 ns cycle per row write.
    const weightBits = 93_431_296;
    expect(setup.latencyS).toBeCloseTo(weightBits / 204.8e9, 15);

    // Per bit: 20 pJ off-chip + 0.5 pJ H-tree + 0.1 pJ cluster bus + 0.05 pJ row write at the
    // 1.0 V reference. The partition's leakage and controller static power add during the load.
    const k = costCoefficients(twoPartitions.partitionArch, twoPartitions.tech, 1.0);
    const expectedJ = weightBits * 20.65e-12 + (k.arrayLeakageW + k.controllerStaticW) * setup.latencyS;
    expect(setup.energyJ).toBeCloseTo(expectedJ, 12);
  });

  it('names each kind of setup', () => {
    const mixed = { network: 'resnet18', config: 'hawq-latency-0.25', batch: 1 };
    const resident = [{ network: 'resnet18', config: 'int8' }];
    expect(twoPartitions.setupCost({ resident }, work)).toEqual({ latencyS: 0, energyJ: 0, kind: 'none' });
    expect(twoPartitions.setupCost({ resident }, mixed).kind).toBe('precision-reconfig');
    expect(twoPartitions.setupCost({ resident: [{ network: 'alexnet', config: 'int8' }] }, work).kind).toBe('swap');
    expect(twoPartitions.setupCost({ resident: [{ network: 'alexnet', config: 'int8' }], freeBytes: 16 * 2 ** 20 }, work).kind).toBe('cold-load');
  });

  it('loads nothing for weights that stream', () => {
    // AlexNet's 58 MiB of INT8 weights do not fit in a 16 MiB partition.
    const alexnet = { network: 'alexnet', config: 'int8', batch: 1 };
    expect(twoPartitions.setupCost({ resident: [] }, alexnet)).toEqual({ latencyS: 0, energyJ: 0, kind: 'cold-load' });
    expect(twoPartitions.footprint(alexnet).residentBytes).toBe(twoPartitions.footprint(alexnet).activationBytes);
  });

  it('reports unknown and oversized work as unsupported', () => {
    const unknown = twoPartitions.supports({ network: 'resnet18', config: 'int3', batch: 1 });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.reason).toContain('int3');

    // ResNet50-v1 at batch 8 needs 36.8 MiB of activations in a 16 MiB partition.
    const large = twoPartitions.supports({ network: 'resnet50-v1', config: 'int4', batch: 8 });
    expect(large.ok).toBe(false);
    if (!large.ok) expect(large.reason).toContain('36.8 MiB');

    expect(twoPartitions.supports(work)).toEqual({ ok: true });
  });
});

describe('TableCostModel', () => {
  const rows = [
    inferenceRow({ backend: 'gpu', model: 'net', precision: 'int8', batch: 1, latencyS: 0.002, energyJ: 0.1, memoryBytes: 1000, setupLatencyS: 0.01, setupEnergyJ: 0.5 }),
    inferenceRow({ backend: 'gpu', model: 'net', precision: 'int8', batch: 9, latencyS: 0.01, energyJ: 0.5, memoryBytes: 3000, setupLatencyS: 0.01, setupEnergyJ: 0.5 }),
    inferenceRow({ backend: 'gpu', model: 'net', precision: 'fp32', batch: 1, latencyS: 0.005, energyJ: 0.3, memoryBytes: 4000, weightBytes: 2500 }),
    inferenceRow({ backend: 'cpu', model: 'net', precision: 'int8', batch: 1, latencyS: 0.05, energyJ: 1 }),
  ];
  const gpu = new TableCostModel({ id: 'gpu', rows, bytesPerSlot: 10_000, file: 'gpu.csv' });

  it('returns a profiled row at its batch', () => {
    const estimate = gpu.estimate({ network: 'net', config: 'int8', batch: 1 });
    expect(estimate).toEqual({ latencyS: 0.002, energyJ: 0.1, peakMemoryBytes: 1000, byClass: {}, source: 'profiled' });
  });

  it('interpolates linearly between batches', () => {
    // Batch 5 is halfway between batches 1 and 9.
    const estimate = gpu.estimate({ network: 'net', config: 'int8', batch: 5 });
    expect(estimate.latencyS).toBeCloseTo(0.006, 15);
    expect(estimate.energyJ).toBeCloseTo(0.3, 15);
    expect(estimate.peakMemoryBytes).toBeCloseTo(2000, 9);
    expect(estimate.source).toBe('interpolated');
  });

  it('rejects a batch outside the profiled range', () => {
    const error = inputErrorOf(() => gpu.estimate({ network: 'net', config: 'int8', batch: 16 }));
    expect(error.message).toContain('gpu.csv');
    expect(error.message).toContain('profiled batches 1, 9');
    expect(error.message).toContain('never extrapolated');
  });

  it('names the profiled pairs for an unknown one', () => {
    const error = inputErrorOf(() => gpu.estimate({ network: 'net', config: 'int4', batch: 1 }));
    expect(error.message).toContain('"net@int4"');
    expect(error.message).toContain('net@int8, net@fp32');
    expect(gpu.supports({ network: 'other', config: 'int8', batch: 1 }).ok).toBe(false);
  });

  it('splits memory into weights and activations', () => {
    expect(gpu.footprint({ network: 'net', config: 'fp32', batch: 1 })).toEqual({ weightBytes: 2500, activationBytes: 1500, residentBytes: 4000 });
    // Without weight_bytes the whole memory counts as weights.
    expect(gpu.footprint({ network: 'net', config: 'int8', batch: 1 })).toEqual({ weightBytes: 1000, activationBytes: 0, residentBytes: 1000 });
  });

  it('charges the row setup cost for every load', () => {
    const work = { network: 'net', config: 'int8', batch: 1 };
    expect(gpu.setupCost({ resident: [] }, work)).toEqual({ latencyS: 0.01, energyJ: 0.5, kind: 'cold-load' });
    expect(gpu.setupCost({ resident: [{ network: 'net', config: 'fp32' }] }, work)).toEqual({ latencyS: 0.01, energyJ: 0.5, kind: 'precision-reconfig' });
    expect(gpu.setupCost({ resident: [{ network: 'net', config: 'int8' }] }, work)).toEqual({ latencyS: 0, energyJ: 0, kind: 'none' });
  });

  it('rejects work larger than a slot', () => {
    const small = new TableCostModel({ id: 'gpu', rows, bytesPerSlot: 2000 });
    const support = small.supports({ network: 'net', config: 'fp32', batch: 1 });
    expect(support.ok).toBe(false);
    if (!support.ok) expect(support.reason).toContain('4000 bytes');
  });
});
