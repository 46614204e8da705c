import { relative, isAbsolute } from 'node:path';
import { InputError } from '../util/errors.js';
import { PACKAGE_ROOT } from '../util/paths.js';
import type { ScalingRule } from './entry.js';
import type { Architecture, ScaledTechnology, Technology } from './types.js';

/**
 * Supply-voltage scaling, declared per parameter in the technology file (`scaling:`):
 * - `dynamic`: E(V) = E_ref · (V / V_ref)^dynamicExponent (2 for CV² switching energy);
 * - `delay`: t(V) = t_ref · [V / (V − vth)^alpha] / [V_ref / (V_ref − vth)^alpha], the
 *   alpha-power law;
 * - `leakage`: P(V) = P_ref · (V / V_ref)^leakageExponent;
 * - `none`: independent of the logic supply (a ReRAM cell's write energy and pulse width are set
 *   by the device's own write voltage).
 */
export function voltageFactors(tech: Technology, vddV: number): Record<ScalingRule, number> {
  const { vddV: referenceV } = tech.reference;
  const { dynamicExponent, vthV, alpha, leakageExponent } = tech.laws;
  const alphaPower = (v: number) => v / (v - vthV) ** alpha;
  return {
    dynamic: (vddV / referenceV) ** dynamicExponent,
    delay: alphaPower(vddV) / alphaPower(referenceV),
    leakage: (vddV / referenceV) ** leakageExponent,
    none: 1,
  };
}

/** Shows a bundled file relative to the package root and any other file as given. */
function displayPath(file: string | undefined, id: string): string {
  if (file === undefined) return `the description of technology ${id}`;
  const inside = relative(PACKAGE_ROOT, file);
  return inside.startsWith('..') || isAbsolute(inside) ? file : inside;
}

/**
 * Returns the technology's energies, times and leakage at `vddV`, each scaled by its declared
 * rule. Throws an `InputError` when `vddV` lies outside the technology's supported range.
 */
export function scaleTechnology(tech: Technology, vddV: number): ScaledTechnology {
  const { minV, maxV } = tech.voltage;
  if (!Number.isFinite(vddV) || vddV < minV || vddV > maxV) {
    throw new InputError({
      field: 'vdd',
      value: vddV,
      expected: `vdd ${vddV} V is outside the ${tech.id} technology's supported range ${minV}–${maxV} V; pick a value in range or edit ${displayPath(tech.file, tech.id)}.`,
    });
  }

  const factors = voltageFactors(tech, vddV);
  const scaleGroup = <T extends object>(prefix: string, values: T, suffix: string): T => {
    const scaled: Record<string, number> = {};
    for (const [name, value] of Object.entries(values) as [string, number][]) {
      const rule = tech.scaling[`${prefix}.${name.slice(0, -suffix.length)}`];
      scaled[name] = value * factors[rule];
    }
    return scaled as T;
  };

  return {
    technology: tech,
    vddV,
    factors,
    energy: scaleGroup('energy', tech.energy, 'J'),
    time: scaleGroup('time', tech.time, 'S'),
    leakage: scaleGroup('leakage', tech.leakage, 'W'),
  };
}

/** Returns the architecture's clock at the scaled technology's voltage: the reference clock over the delay factor. */
export function clockAtVoltageHz(arch: Architecture, scaled: ScaledTechnology): number {
  return arch.clock.frequencyHz / scaled.factors.delay;
}
