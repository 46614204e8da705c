import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../util/errors.js';
import { parseVoltage } from './quantity.js';
import type { Objective } from './types.js';

/**
 * A study spec as written: the lists a sweep expands into its grid, before they are checked
 * against the catalog. `all` and `default` are resolved later by `resolveStudy`.
 */
export interface StudySpec {
  networks: 'all' | string[];
  /** The same config list for every network, or a list per network. */
  configs: 'all' | string[] | Record<string, 'all' | string[]>;
  tech: 'all' | string[];
  /** Volts: each technology's sweep voltages, one list for every technology, or a list per technology. */
  vdd: VddSelection | Record<string, VddSelection>;
  batch: number[];
  objective: Objective[];
  /** Overrides by dotted path, in the order written; each path sweeps over its values. */
  set: { path: string; values: (string | number)[] }[];
  /** Where each field came from, so that errors name the file or the option. */
  sources: SpecSources;
}

export type VddSelection = 'default' | number[];

/** Where a value was written: a spec file and a field path, or a command-line option. */
export interface SpecLocation {
  file?: string;
  field: string;
}

export type StudyField = 'networks' | 'configs' | 'tech' | 'vdd' | 'batch' | 'objective';

export interface SpecSources {
  fields: Record<StudyField, SpecLocation>;
  /** Location of each override path. */
  set: Record<string, SpecLocation>;
}

export const OBJECTIVES: readonly Objective[] = ['edp', 'latency', 'energy'];

/** Batch sizes of the default study. */
export const DEFAULT_BATCHES = [1, 16];

const EXPECTED: Record<StudyField | 'set', string> = {
  networks: 'Write "all" or a list of network ids, for example [resnet18, alexnet].',
  configs:
    'Write "all", a list of precision config ids such as [int8, hawq-latency-0.5], or a map from network id to such a list.',
  tech: 'Write "all" or a list of technology ids, for example [sram, reram].',
  vdd: 'Write "default" (each technology\'s sweep voltages), a list of voltages in volts such as [0.7, 0.8] or ["700 mV", "0.8 V"], or a map from technology id to such a list.',
  batch: 'Write a positive integer or a list of them, for example [1, 16].',
  objective: `Write one of ${OBJECTIVES.join(', ')} or a list of them.`,
  set: 'Write a map from dotted override path to a number, a string such as "2 fJ", or a list of them to sweep, for example { arch.cap.rows: [512, 1024] }.',
};

const TOP_LEVEL_FIELDS = [...(Object.keys(EXPECTED) as (StudyField | 'set')[])];

const idList = z.union([z.literal('all'), z.string().min(1), z.array(z.string().min(1)).min(1)]);
const voltage = z.union([z.number(), z.string()]).refine((value) => parseVoltage(value) !== undefined);
const vddList = z.union([z.literal('default'), voltage, z.array(voltage).min(1)]);
const positiveInteger = z.number().int().positive();
const objective = z.enum(OBJECTIVES as [Objective, ...Objective[]]);

const specFileSchema = z.strictObject({
  networks: idList.optional(),
  configs: z.union([idList, z.record(z.string().min(1), idList)]).optional(),
  tech: idList.optional(),
  vdd: z.union([vddList, z.record(z.string().min(1), vddList)]).optional(),
  batch: z.union([positiveInteger, z.array(positiveInteger).min(1)]).optional(),
  objective: z.union([objective, z.array(objective).min(1)]).optional(),
  set: z.record(z.string(), z.unknown()).nullable().optional(),
});

type SpecFile = z.infer<typeof specFileSchema>;

/** Returns the default study: every bundled network and config, both technologies, their sweep voltages, batch 1 and 16. */
export function defaultStudySpec(): StudySpec {
  const origin = (field: string): SpecLocation => ({ field: `${field} (default study)` });
  return {
    networks: 'all',
    configs: 'all',
    tech: 'all',
    vdd: 'default',
    batch: [...DEFAULT_BATCHES],
    objective: ['edp'],
    set: [],
    sources: {
      fields: {
        networks: origin('networks'),
        configs: origin('configs'),
        tech: origin('tech'),
        vdd: origin('vdd'),
        batch: origin('batch'),
        objective: origin('objective'),
      },
      set: {},
    },
  };
}

/** Reads a study spec file (YAML or JSON); fields it leaves out keep the default study's values. */
export function readStudySpecFile(file: string): StudySpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError({ file, expected: `Could not read the study spec: ${reason}. Check the --spec path.` });
  }
  return parseStudySpecText(text, file);
}

/** Parses the text of a study spec file. `file` is used in error messages. */
export function parseStudySpecText(text: string, file: string): StudySpec {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError({ file, expected: `The study spec is not valid YAML: ${reason}` });
  }
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError({ file, value: raw, expected: `A study spec is a map with the fields ${TOP_LEVEL_FIELDS.join(', ')}.` });
  }

  const parsed = specFileSchema.safeParse(raw);
  if (!parsed.success) throw zodIssueToInputError(parsed.error.issues[0], raw as object, file);
  return normalizeSpecFile(parsed.data, file);
}

function normalizeSpecFile(data: SpecFile, file: string): StudySpec {
  const spec = defaultStudySpec();
  const at = (field: string): SpecLocation => ({ file, field });

  if (data.networks !== undefined) {
    spec.networks = toIdList(data.networks);
    spec.sources.fields.networks = at('networks');
  }
  if (data.configs !== undefined) {
    spec.configs = typeof data.configs === 'object' && !Array.isArray(data.configs)
      ? Object.fromEntries(Object.entries(data.configs).map(([network, ids]) => [network, toIdList(ids)]))
      : toIdList(data.configs);
    spec.sources.fields.configs = at('configs');
  }
  if (data.tech !== undefined) {
    spec.tech = toIdList(data.tech);
    spec.sources.fields.tech = at('tech');
  }
  if (data.vdd !== undefined) {
    spec.vdd = typeof data.vdd === 'object' && !Array.isArray(data.vdd)
      ? Object.fromEntries(Object.entries(data.vdd).map(([tech, list]) => [tech, toVddSelection(list)]))
      : toVddSelection(data.vdd);
    spec.sources.fields.vdd = at('vdd');
  }
  if (data.batch !== undefined) {
    spec.batch = typeof data.batch === 'number' ? [data.batch] : data.batch;
    spec.sources.fields.batch = at('batch');
  }
  if (data.objective !== undefined) {
    spec.objective = typeof data.objective === 'string' ? [data.objective] : data.objective;
    spec.sources.fields.objective = at('objective');
  }
  if (data.set !== undefined && data.set !== null) {
    for (const [path, values] of flattenOverrides(data.set, file)) {
      spec.set.push({ path, values });
      spec.sources.set[path] = at(`set.${path}`);
    }
  }
  return spec;
}

function toIdList(value: string | string[]): 'all' | string[] {
  if (value === 'all') return 'all';
  return typeof value === 'string' ? [value] : value;
}

/** Converts `default`, one voltage or a list of voltages to volts; the schema has checked each voltage. */
export function toVddSelection(value: 'default' | string | number | (string | number)[]): VddSelection {
  if (value === 'default') return 'default';
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => parseVoltage(item) as number);
}

/**
 * Flattens the `set` map to dotted paths: `{ arch: { cap: { rows: 512 } } }` and
 * `{ arch.cap.rows: 512 }` give the same path. A list is a sweep over its values.
 */
function flattenOverrides(set: Record<string, unknown>, file: string, prefix = ''): [string, (string | number)[]][] {
  const entries: [string, (string | number)[]][] = [];
  for (const [key, value] of Object.entries(set)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const field = `set.${path}`;

    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      entries.push(...flattenOverrides(value as Record<string, unknown>, file, path));
      continue;
    }

    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) {
      throw new InputError({ file, field, value, expected: 'List at least one value to sweep, or remove the path.' });
    }
    values.forEach((item, i) => {
      if (typeof item === 'string' ? item.trim() === '' : typeof item !== 'number' || !Number.isFinite(item)) {
        throw new InputError({
          file,
          field: Array.isArray(value) ? `${field}[${i}]` : field,
          value: item,
          expected: 'An override value is a number or a non-empty string such as "2 fJ"; quote flags such as "true".',
        });
      }
    });
    entries.push([path, values as (string | number)[]]);
  }
  return entries;
}

/**
 * Converts the first zod issue to an `InputError` that names the field and the value. A union
 * issue is followed into the branch whose issue has the longest path, which is usually the
 * element that failed (for example `vdd[1]` in a list).
 */
function zodIssueToInputError(issue: z.core.$ZodIssue, raw: object, file: string): InputError {
  if (issue.code === 'unrecognized_keys') {
    return new InputError({
      file,
      field: issue.keys.join(', '),
      expected: `Unknown field in the study spec. The fields are ${TOP_LEVEL_FIELDS.join(', ')}.`,
    });
  }

  let path: PropertyKey[] = [...issue.path];
  let current: z.core.$ZodIssue = issue;
  while (current.code === 'invalid_union') {
    const deepest: z.core.$ZodIssue | undefined = current.errors.flat().reduce<z.core.$ZodIssue | undefined>(
      (best, candidate) => (best === undefined || candidate.path.length > best.path.length ? candidate : best),
      undefined,
    );
    if (deepest === undefined || deepest.path.length === 0) break;
    path = [...path, ...deepest.path];
    current = deepest;
  }

  const top = String(path[0] ?? '') as StudyField | 'set';
  return new InputError({
    file,
    field: formatFieldPath(path),
    value: valueAt(raw, path),
    expected: EXPECTED[top] ?? current.message,
  });
}

function formatFieldPath(path: PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (text === '') text = String(part);
    else text += `.${String(part)}`;
  }
  return text;
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let value = raw;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}
