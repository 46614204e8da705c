import { z } from 'zod';
import { quantityEntry, quantityListEntry, strictObject, type ParsedEntry, type ScalingRule } from './entry.js';
import { zodToInputError } from '../util/zod-input-error.js';
import { InputError } from '../util/errors.js';
import { collectProvenance } from './provenance.js';
import type { ArchOverrides, Technology, TechnologyEnergy, TechnologyLeakage, TechnologyTime } from './types.js';

/** Schema of a technology file; the format is described in docs/formats.md. */

export const ENERGY_KEYS = ['compareBit', 'matchLine', 'keyDriver', 'writeBit', 'writeDriver', 'rowReadBit', 'rowWriteBit', 'columnReadBit', 'columnWriteBit'] as const;
export const TIME_KEYS = ['compare', 'write', 'rowRead', 'rowWrite', 'columnRead', 'columnWrite'] as const;
export const LEAKAGE_KEYS = ['cell', 'arrayPeriphery'] as const;

/** Scaling rules each group of parameters may declare. */
const ENERGY_RULES: readonly ScalingRule[] = ['dynamic', 'none'];
const TIME_RULES: readonly ScalingRule[] = ['delay', 'none'];
const LEAKAGE_RULES: readonly ScalingRule[] = ['leakage', 'none'];

function group<Key extends string>(keys: readonly Key[], make: () => z.ZodType) {
  return strictObject(Object.fromEntries(keys.map((key) => [key, make()])) as Record<Key, ReturnType<typeof make>>);
}

const voltage = (positive = true) => quantityEntry('voltage', { positive });

export const technologySchema = strictObject({
  id: z.string({ error: 'id must be a short name such as sram' }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'id must use letters, digits, ".", "_" and "-"' }),
  name: z.string({ error: 'name must be a one-line title' }).min(1),
  description: z.string().optional(),
  reference: strictObject({ node: quantityEntry('length', { positive: true }), vdd: voltage() }),
  voltage: strictObject({
    min: voltage(),
    max: voltage(),
    sweep: quantityListEntry('voltage', { positive: true, minLength: 3 }),
  }),
  laws: strictObject({
    dynamicExponent: quantityEntry('ratio'),
    vth: voltage(false),
    alpha: quantityEntry('ratio', { positive: true }),
    leakageExponent: quantityEntry('ratio'),
  }),
  energy: group(ENERGY_KEYS, () => quantityEntry('energy', { scaling: ENERGY_RULES })),
  time: group(TIME_KEYS, () => quantityEntry('time', { positive: true, scaling: TIME_RULES })),
  leakage: group(LEAKAGE_KEYS, () => quantityEntry('power', { scaling: LEAKAGE_RULES })),
});

type Entries = Record<string, ParsedEntry>;

/** Copies a group of entries into SI fields named `<key><suffix>` and records each scaling rule. */
function convertGroup<T>(prefix: string, entries: Entries, keys: readonly string[], suffix: string, scaling: Record<string, ScalingRule>): T {
  const result: Record<string, number> = {};
  for (const key of keys) {
    const entry = entries[key];
    result[`${key}${suffix}`] = entry.value;
    scaling[`${prefix}.${key}`] = entry.scaling as ScalingRule;
  }
  return result as T;
}

/**
 * Validates technology data and converts it to SI units. Beyond the schema it checks the voltage
 * model: min < max, the reference and every sweep voltage inside [min, max], and min above the
 * threshold voltage (the alpha-power law has no meaning at or below it).
 */
export function parseTechnology(data: unknown, file?: string, overrides: ArchOverrides = {}): Technology {
  const parsed = technologySchema.safeParse(data);
  if (!parsed.success) throw zodToInputError(parsed.error, data, file);
  const t = parsed.data;

  const scaling: Record<string, ScalingRule> = {};
  const result: Technology = {
    kind: 'technology',
    id: t.id,
    name: t.name,
    reference: { nodeM: t.reference.node.value, vddV: t.reference.vdd.value },
    voltage: { minV: t.voltage.min.value, maxV: t.voltage.max.value, sweepV: (t.voltage.sweep as ParsedEntry<number[]>).value },
    laws: {
      dynamicExponent: t.laws.dynamicExponent.value,
      vthV: t.laws.vth.value,
      alpha: t.laws.alpha.value,
      leakageExponent: t.laws.leakageExponent.value,
    },
    energy: convertGroup<TechnologyEnergy>('energy', t.energy as Entries, ENERGY_KEYS, 'J', scaling),
    time: convertGroup<TechnologyTime>('time', t.time as Entries, TIME_KEYS, 'S', scaling),
    leakage: convertGroup<TechnologyLeakage>('leakage', t.leakage as Entries, LEAKAGE_KEYS, 'W', scaling),
    scaling,
    provenance: collectProvenance(t),
    document: data,
    overrides,
  };
  if (t.description !== undefined) result.description = t.description;
  if (file !== undefined) result.file = file;
  checkVoltageModel(result, file);
  return result;
}

function checkVoltageModel(tech: Technology, file: string | undefined): void {
  const { minV, maxV, sweepV } = tech.voltage;
  const text = (path: string) => tech.provenance[path]?.text;
  const range = `${minV}–${maxV} V`;
  if (minV >= maxV) {
    throw new InputError({ file, field: 'voltage.min.value', value: text('voltage.min'), expected: `voltage.min must be below voltage.max (${maxV} V).` });
  }
  if (minV <= tech.laws.vthV) {
    throw new InputError({
      file,
      field: 'voltage.min.value',
      value: text('voltage.min'),
      expected: `voltage.min must be above the threshold voltage laws.vth (${tech.laws.vthV} V), where the alpha-power delay law holds.`,
    });
  }
  if (tech.reference.vddV < minV || tech.reference.vddV > maxV) {
    throw new InputError({ file, field: 'reference.vdd.value', value: text('reference.vdd'), expected: `The reference voltage must lie in the supported range ${range}.` });
  }
  sweepV.forEach((v, index) => {
    if (v < minV || v > maxV) {
      throw new InputError({ file, field: `voltage.sweep.values[${index}]`, value: `${v} V`, expected: `Every sweep voltage must lie in the supported range ${range}.` });
    }
  });
}
