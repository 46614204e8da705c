import { InputError } from '../util/errors.js';
import { canonicalJson, sha256Hex } from './canonical.js';
import type { ResolvedStudy } from './resolve.js';
import type { SweepPoint } from './types.js';

/** Shard K of N: the points whose grid index i satisfies i % N == K - 1. */
export interface Shard {
  k: number;
  n: number;
}

/** Hex digits kept of a point's SHA-256: 64 bits, so a collision within one grid is negligible. */
const POINT_KEY_HEX_DIGITS = 16;

/**
 * Returns the stable key of a point: a short SHA-256 of the canonical JSON of its inputs
 * (network, config, tech, vddV, batch, objective, overrides). It does not depend on the
 * point's index, so the same inputs keep their key when the grid around them changes.
 */
export function pointKey(point: Omit<SweepPoint, 'index' | 'key'>): string {
  const inputs = {
    network: point.network,
    config: point.config,
    tech: point.tech,
    vddV: point.vddV,
    batch: point.batch,
    objective: point.objective,
    overrides: point.overrides,
  };
  return sha256Hex(canonicalJson(inputs), POINT_KEY_HEX_DIGITS);
}

/**
 * Returns the hash that identifies a study: the SHA-256 of the canonical JSON of the resolved
 * study. List order is part of it, because it fixes the grid indexes.
 */
export function studyHash(study: ResolvedStudy): string {
  return sha256Hex(canonicalJson(study));
}

/**
 * Expands a resolved study into its grid. The order is network, config, technology, voltage,
 * batch, objective, then the override combinations with the last override path changing fastest.
 */
export function expandGrid(study: ResolvedStudy): SweepPoint[] {
  const overrideSets = overrideCombinations(study.overrides);
  const points: SweepPoint[] = [];
  for (const { network, configs } of study.networks) {
    for (const config of configs) {
      for (const { tech, vddV: voltages } of study.techs) {
        for (const vddV of voltages) {
          for (const batch of study.batch) {
            for (const objective of study.objective) {
              for (const overrides of overrideSets) {
                const inputs = { network, config, tech, vddV, batch, objective, overrides };
                points.push({ index: points.length, key: pointKey(inputs), ...inputs });
              }
            }
          }
        }
      }
    }
  }
  return points;
}

/** Returns the number of grid points without building them. */
export function gridSize(study: ResolvedStudy): number {
  const configs = study.networks.reduce((sum, entry) => sum + entry.configs.length, 0);
  const voltages = study.techs.reduce((sum, entry) => sum + entry.vddV.length, 0);
  const overrides = study.overrides.reduce((product, entry) => product * entry.values.length, 1);
  return configs * voltages * study.batch.length * study.objective.length * overrides;
}

function overrideCombinations(overrides: ResolvedStudy['overrides']): Record<string, string | number>[] {
  let combinations: Record<string, string | number>[] = [{}];
  for (const { path, values } of overrides) {
    combinations = combinations.flatMap((combination) => values.map((value) => ({ ...combination, [path]: value })));
  }
  return combinations;
}

/** Parses `K/N` with integers 1 <= K <= N. `option` names the source in errors. */
export function parseShard(text: string, option = '--shard'): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const k = match === null ? NaN : Number(match[1]);
  const n = match === null ? NaN : Number(match[2]);
  if (!Number.isSafeInteger(k) || !Number.isSafeInteger(n) || n < 1 || k < 1 || k > n) {
    throw new InputError({
      field: option,
      value: text,
      expected: 'Write K/N with whole numbers 1 <= K <= N, for example 2/4 for the second of four shards.',
    });
  }
  return { k, n };
}

/** Keeps the points of one shard: those with index % N == K - 1. */
export function selectShard(points: SweepPoint[], shard: Shard | undefined): SweepPoint[] {
  if (shard === undefined) return points;
  return points.filter((point) => point.index % shard.n === shard.k - 1);
}

export function formatShard(shard: Shard): string {
  return `${shard.k}/${shard.n}`;
}
