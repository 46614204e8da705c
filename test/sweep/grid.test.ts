import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandGrid, gridSize, pointKey, selectShard, studyHash } from '../../src/sweep/grid.js';
import type { ResolvedStudy } from '../../src/sweep/resolve.js';

const STUDY: ResolvedStudy = {
  networks: [
    { network: 'resnet18', configs: ['int8', 'int4'] },
    { network: 'alexnet', configs: ['int8'] },
  ],
  techs: [
    { tech: 'sram', vddV: [0.7, 0.8] },
    { tech: 'reram', vddV: [0.9] },
  ],
  batch: [1, 16],
  objective: ['edp'],
  overrides: [
    { path: 'arch.cap.rows', values: [512, 1024] },
    { path: 'tech.energy.writeBit', values: ['2 fJ', '3 fJ'] },
  ],
};

/** Arbitrary resolved studies with small lists of distinct values. */
const studyArbitrary: fc.Arbitrary<ResolvedStudy> = fc.record({
  networks: fc.uniqueArray(fc.constantFrom('resnet18', 'alexnet', 'vgg16'), { minLength: 1 }).chain((networks) =>
    fc.tuple(...networks.map((network) => fc.uniqueArray(fc.constantFrom('int8', 'int4', 'fp32'), { minLength: 1 }).map((configs) => ({ network, configs })))),
  ),
  techs: fc.uniqueArray(fc.constantFrom('sram', 'reram'), { minLength: 1 }).chain((techs) =>
    fc.tuple(...techs.map((tech) => fc.uniqueArray(fc.constantFrom(0.6, 0.7, 0.85, 1.1), { minLength: 1 }).map((vddV) => ({ tech, vddV })))),
  ),
  batch: fc.uniqueArray(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 3 }),
  objective: fc.uniqueArray(fc.constantFrom('edp' as const, 'latency' as const, 'energy' as const), { minLength: 1 }),
  overrides: fc.constantFrom<ResolvedStudy['overrides']>([], [{ path: 'arch.cap.rows', values: [256, 512, 1024] }]),
});

describe('expandGrid', () => {
  const grid = expandGrid(STUDY);

  it('numbers points by their grid position', () => {
    expect(grid.map((point) => point.index)).toEqual(grid.map((_, i) => i));
  });

  it('gives the size that gridSize computes', () => {
    expect(grid).toHaveLength(3 * 3 * 2 * 4);
    expect(gridSize(STUDY)).toBe(grid.length);
  });

  it('varies the last override path fastest', () => {
    expect(grid.slice(0, 4).map((point) => point.overrides)).toEqual([
      { 'arch.cap.rows': 512, 'tech.energy.writeBit': '2 fJ' },
      { 'arch.cap.rows': 512, 'tech.energy.writeBit': '3 fJ' },
      { 'arch.cap.rows': 1024, 'tech.energy.writeBit': '2 fJ' },
      { 'arch.cap.rows': 1024, 'tech.energy.writeBit': '3 fJ' },
    ]);
  });

  it('is deterministic', () => {
    expect(expandGrid(structuredClone(STUDY))).toEqual(grid);
    expect(studyHash(structuredClone(STUDY))).toBe(studyHash(STUDY));
  });

  it('gives every point its own key', () => {
    expect(new Set(grid.map((point) => point.key)).size).toBe(grid.length);
  });

  it('keys points by their inputs, not their position', () => {
    const point = grid[5];
    const reordered = { ...point, overrides: Object.fromEntries(Object.entries(point.overrides).reverse()) };
    expect(pointKey(reordered)).toBe(point.key);

    const fewerNetworks = expandGrid({ ...STUDY, networks: [STUDY.networks[1]] });
    const alexnetKeys = grid.filter((p) => p.network === 'alexnet').map((p) => p.key);
    expect(fewerNetworks.map((p) => p.key)).toEqual(alexnetKeys);
  });

  it('changes the study hash when a list changes', () => {
    expect(studyHash({ ...STUDY, batch: [1, 32] })).not.toBe(studyHash(STUDY));
  });
});

describe('selectShard', () => {
  it('keeps the points with index % N == K-1', () => {
    const grid = expandGrid(STUDY);
    expect(selectShard(grid, { k: 2, n: 5 }).map((point) => point.index)).toEqual(grid.filter((p) => p.index % 5 === 1).map((p) => p.index));
  });

  it('partitions every grid into disjoint shards whose union is the grid', () => {
    fc.assert(
      fc.property(studyArbitrary, fc.integer({ min: 1, max: 12 }), (study, n) => {
        const grid = expandGrid(study);
        const shards = Array.from({ length: n }, (_, i) => selectShard(grid, { k: i + 1, n }));
        const union = shards.flat().map((point) => point.index).sort((a, b) => a - b);
        expect(union).toEqual(grid.map((point) => point.index));
        for (const [i, shard] of shards.entries()) {
          for (const point of shard) expect(point.index % n).toBe(i);
          expect(shard).toEqual(grid.filter((point) => point.index % n === i));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('returns the whole grid without a shard', () => {
    const grid = expandGrid(STUDY);
    expect(selectShard(grid, undefined)).toBe(grid);
  });
});
