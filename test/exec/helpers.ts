/**
 * Small networks built in code for the executor tests, and a wrapper that verifies chosen layers
 * of them with the bundled architecture and SRAM technology.
 */
import { expect } from 'vitest';
import { verifyNetwork, type VerifyOptions, type VerifyReport } from '../../src/exec/index.js';
import type { Strategy } from '../../src/mapping/types.js';
import { parseNetwork } from '../../src/network/parse.js';
import { resolveNetwork } from '../../src/network/resolve.js';
import type { ResolvedNetwork } from '../../src/network/types.js';
import { parsePrecisionConfig } from '../../src/quant/parse.js';
import type { PrecisionConfig } from '../../src/quant/types.js';
import { bundledArch, bundledTech } from '../helpers/descriptions.js';

export interface Precision {
  weightBits: number;
  actBits: number;
  actSigned: boolean;
}

/** Builds a network from a layer list and a config from per-layer precisions (add layers take `actBits` only). */
export function buildNetwork(input: { channels: number; height: number; width: number }, layers: Record<string, unknown>[], precisions: Record<string, Partial<Precision>>): { network: ResolvedNetwork; config: PrecisionConfig } {
  const network = resolveNetwork(
    parseNetwork({ format: 'bitfluid-network', version: 1, id: 'exec-test', variant: { model: 'built in an executor test', source: 'test' }, input, layers }),
  );
  const named = Object.fromEntries(Object.entries(precisions).filter(([name]) => network.byName.has(name)));
  const config = parsePrecisionConfig({ id: 'exec-test', network: network.id, defaults: { weightBits: 8, actBits: 8, actSigned: true }, layers: named, meta: { source: 'test' } }, network);
  return { network, config };
}

/** Verifies `layers` of a network (the whole network chained when undefined). */
export async function verify(network: ResolvedNetwork, config: PrecisionConfig, layers: string[] | undefined, options: Partial<VerifyOptions> & { strategy?: Strategy } = {}): Promise<VerifyReport> {
  return verifyNetwork({
    network,
    config,
    arch: bundledArch(),
    tech: bundledTech('sram'),
    batch: 1,
    seed: 7,
    jobs: 1,
    layers,
    strategies: options.strategy === undefined ? undefined : [options.strategy],
    ...options,
  });
}

/** Asserts that every layer of a report matched: values, counts per step, cycle totals, strategy and energy. */
export function expectAllPassed(report: VerifyReport): void {
  for (const layer of report.layers) {
    expect(layer.values.examples, `${layer.layer} values`).toEqual([]);
    expect(layer.values.compared, `${layer.layer} compared`).toBeGreaterThan(0);
    expect(layer.cycles.mismatches, `${layer.layer} step counts`).toEqual([]);
    expect(layer.cycles.sameStrategy, `${layer.layer} strategy`).toBe(true);
    expect(layer.cycles.engineApUnitCycles, `${layer.layer} apUnitCycles`).toBe(layer.cycles.modelApUnitCycles);
    expect(layer.cycles.engineCapUnitCycles, `${layer.layer} capUnitCycles`).toBe(layer.cycles.modelCapUnitCycles);
    expect(layer.energy.modelMatchesCost, `${layer.layer} model energy`).toBe(true);
    expect(layer.energy.dataIndependentMatches, `${layer.layer} energy without cell writes`).toBe(true);
    expect(Math.abs(layer.energy.relativeGap), `${layer.layer} energy gap`).toBeLessThanOrEqual(layer.energy.tolerance);
    expect(layer.columns.engine, `${layer.layer} row layout`).toBeLessThanOrEqual(layer.columns.plan);
    expect(layer.passed, layer.layer).toBe(true);
  }
  expect(report.passed).toBe(true);
}
