import { z } from 'zod';

/**
 * Schema of a scheduling scenario file (YAML or JSON); docs/scheduling.md describes every field.
 * Times are in seconds and rates in hertz, as the field names show.
 */

/** Builds a strict object schema whose unknown-key message lists the known keys. */
function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((key) => `\`${key}\``).join(', ')}; the known fields are ${known}` : undefined),
  });
}

const id = (label: string) =>
  z
    .string({ error: `${label} is a short name such as gpu or r18-int8` })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: `${label} uses letters, digits, ".", "_" and "-", starting with a letter or digit` });

const seconds = (label: string) =>
  z.number({ error: `${label} is a number of seconds above 0, for example 0.033` }).positive({ error: `${label} is a number of seconds above 0, for example 0.033` });

const positiveInteger = (label: string) =>
  z.number({ error: `${label} is a whole number, at least 1` }).int({ error: `${label} is a whole number, at least 1` }).min(1, { error: `${label} is a whole number, at least 1` });

const apBackend = strictObject({
  id: id('The backend id'),
  kind: z.literal('ap'),
  partitions: positiveInteger('The partition count').optional(),
  tech: z.string({ error: 'tech is a bundled technology id (sram, reram) or a technology file' }).min(1).optional(),
  arch: z.string({ error: 'arch is a bundled architecture id (bf-imna) or an architecture file' }).min(1).optional(),
  vddV: z.number({ error: 'vddV is the supply voltage in volts, for example 0.9' }).positive({ error: 'vddV is the supply voltage in volts, above 0' }).optional(),
  objective: z.enum(['latency', 'energy', 'edp'], { error: 'objective is latency, energy or edp' }).optional(),
});

const tableBackend = strictObject({
  id: id('The backend id'),
  kind: z.literal('table'),
  table: z.string({ error: 'table is the path of a profile CSV, relative to the scenario file' }).min(1),
  backend: z.string({ error: "backend is the value of the CSV's backend column" }).min(1).optional(),
  slots: positiveInteger('The slot count').optional(),
  bytesPerSlot: z.number({ error: 'bytesPerSlot is the memory of one slot in bytes' }).positive({ error: 'bytesPerSlot is the memory of one slot in bytes, above 0' }),
});

const model = strictObject({
  id: id('The model id'),
  network: z.string({ error: "network is a network id: a bundled network for AP backends, the CSV's model column for table backends" }).min(1),
  batch: positiveInteger('The batch').optional(),
  precision: z.union([z.string().min(1), z.record(z.string(), z.string().min(1))], {
    error: 'precision is one config id for every backend (int8) or a map from backend id to config id ({ ap: int8, cpu: fp32 })',
  }),
});

const periodicSource = strictObject({
  kind: z.literal('periodic'),
  model: z.string({ error: 'model is the id of a model in `models`' }).min(1),
  periodS: seconds('The period'),
  deadlineS: seconds('The relative deadline'),
  offsetS: z.number({ error: 'offsetS is the time of the first request in seconds, at least 0' }).min(0, { error: 'offsetS is the time of the first request in seconds, at least 0' }).optional(),
});

const poissonSource = strictObject({
  kind: z.literal('poisson'),
  model: z.string({ error: 'model is the id of a model in `models`' }).min(1),
  rateHz: z.number({ error: 'rateHz is the mean arrival rate in requests per second, above 0' }).positive({ error: 'rateHz is the mean arrival rate in requests per second, above 0' }),
  deadlineS: seconds('The relative deadline'),
});

const placement = strictObject({
  requests: z.record(z.string(), z.number().int({ error: 'A request count is a whole number ≥ 0' }).min(0, { error: 'A request count is a whole number ≥ 0' })).optional(),
  maxReplicas: z.record(z.string(), positiveInteger('A replica cap')).optional(),
  backends: z.array(z.string().min(1)).min(1, { error: 'backends lists at least one backend id' }).optional(),
});

export const scenarioSchema = strictObject({
  name: z.string({ error: 'name is a one-line title' }).min(1),
  description: z.string().optional(),
  seed: z.number({ error: 'seed is a whole number' }).int({ error: 'seed is a whole number' }).optional(),
  horizonS: seconds('The horizon'),
  backends: z.array(z.discriminatedUnion('kind', [apBackend, tableBackend], { error: 'A backend has kind ap or table' })).min(1, { error: 'List at least one backend' }),
  models: z.array(model).min(1, { error: 'List at least one model' }),
  sources: z.array(z.discriminatedUnion('kind', [periodicSource, poissonSource], { error: 'A source has kind periodic or poisson' })).min(1, { error: 'List at least one request source' }),
  placement: placement.optional(),
});

export type ScenarioFile = z.infer<typeof scenarioSchema>;
export type ScenarioBackendFile = ScenarioFile['backends'][number];
export type ScenarioSourceFile = ScenarioFile['sources'][number];
