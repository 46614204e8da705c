import { parse as parseYaml } from 'yaml';
import { InputError } from '../util/errors.js';
import { parseVoltage } from './quantity.js';
import { OBJECTIVES, toVddSelection, type StudySpec, type VddSelection } from './spec.js';
import type { Objective } from './types.js';

/**
 * Study options from the command line. Each option may be repeated, and each value may be a
 * comma list. `--config` and `--vdd` also take `KEY=LIST` values (network or technology id).
 */
export interface StudyFlags {
  network?: string[];
  config?: string[];
  tech?: string[];
  vdd?: string[];
  batch?: string[];
  objective?: string[];
  /** `path=value`, where value is one value, a comma list or a YAML flow list such as `[512, 1024]`. */
  set?: string[];
}

/** Returns a copy of `spec` in which every given flag replaces the field it names. `--set` replaces single paths. */
export function applyStudyFlags(spec: StudySpec, flags: StudyFlags): StudySpec {
  const result: StudySpec = {
    ...spec,
    set: [...spec.set],
    sources: { fields: { ...spec.sources.fields }, set: { ...spec.sources.set } },
  };

  if (hasValues(flags.network)) {
    result.networks = parseIdList(flags.network, '--network');
    result.sources.fields.networks = { field: '--network' };
  }
  if (hasValues(flags.config)) {
    result.configs = parseKeyedList(flags.config, '--config', (items) => parseIdList(items, '--config'));
    result.sources.fields.configs = { field: '--config' };
  }
  if (hasValues(flags.tech)) {
    result.tech = parseIdList(flags.tech, '--tech');
    result.sources.fields.tech = { field: '--tech' };
  }
  if (hasValues(flags.vdd)) {
    result.vdd = parseKeyedList(flags.vdd, '--vdd', (items) => parseVddList(items));
    result.sources.fields.vdd = { field: '--vdd' };
  }
  if (hasValues(flags.batch)) {
    result.batch = splitValues(flags.batch, '--batch').map((item) => parseBatch(item));
    result.sources.fields.batch = { field: '--batch' };
  }
  if (hasValues(flags.objective)) {
    result.objective = splitValues(flags.objective, '--objective').map((item) => parseObjective(item));
    result.sources.fields.objective = { field: '--objective' };
  }

  const seenPaths = new Set<string>();
  for (const option of flags.set ?? []) {
    const { path, values } = parseSetOption(option);
    if (seenPaths.has(path)) {
      throw new InputError({
        field: '--set',
        value: option,
        expected: `${path} is set twice. Give one --set ${path}=... with a comma list to sweep several values.`,
      });
    }
    seenPaths.add(path);

    const existing = result.set.findIndex((entry) => entry.path === path);
    if (existing >= 0) result.set[existing] = { path, values };
    else result.set.push({ path, values });
    result.sources.set[path] = { field: `--set ${path}` };
  }
  return result;
}

/** Dotted override path: identifiers separated by dots, each optionally followed by `[index]`. */
const OVERRIDE_PATH = /^[A-Za-z_][\w-]*(\[\d+\])*(\.[A-Za-z_][\w-]*(\[\d+\])*)*$/;

/**
 * Parses one `--set path=value` option. The value is a single value, a comma list (`512,1024`)
 * or a YAML flow list (`[512, 1024]` or `["a,b", c]` for values with commas). Numbers become
 * numbers and everything else stays a string, so `2 fJ` is the string "2 fJ".
 */
export function parseSetOption(option: string): { path: string; values: (string | number)[] } {
  const equals = option.indexOf('=');
  const usage = 'Write --set PATH=VALUE, for example --set arch.cap.rows=512,1024 or --set tech.energy.writeBit="2 fJ".';
  if (equals < 0) throw new InputError({ field: '--set', value: option, expected: `The option has no "=". ${usage}` });

  const path = option.slice(0, equals).trim();
  const text = option.slice(equals + 1).trim();
  if (!OVERRIDE_PATH.test(path)) {
    throw new InputError({ field: '--set', value: option, expected: `The path "${path}" is not a dotted path such as arch.cap.rows. ${usage}` });
  }
  if (text === '') throw new InputError({ field: `--set ${path}`, value: option, expected: `The value is empty. ${usage}` });

  let items: unknown[];
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || parsed.length === 0) {
      throw new InputError({ field: `--set ${path}`, value: text, expected: 'Write a non-empty YAML flow list such as [512, 1024].' });
    }
    items = parsed;
  } else {
    items = text.split(',').map((item) => item.trim());
  }

  const values = items.map((item) => {
    const value = typeof item === 'string' ? parseScalar(item) : item;
    const valid = typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && value !== '';
    if (!valid) {
      throw new InputError({ field: `--set ${path}`, value: item, expected: `Each value is a number or a non-empty string. ${usage}` });
    }
    return value as string | number;
  });
  return { path, values };
}

/** Reads a number where YAML reads one (`512`, `1e-3`, `0x10`); any other text stays a string. */
function parseScalar(text: string): string | number {
  try {
    const value: unknown = parseYaml(text);
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && /^["']/.test(text)) return value;
  } catch {
    // Not a YAML scalar, so the text is taken as it is.
  }
  return text;
}

function hasValues(values: string[] | undefined): values is string[] {
  return values !== undefined && values.length > 0;
}

/** Splits repeated options and comma lists into trimmed items, rejecting empty ones. */
function splitValues(values: string[], option: string): string[] {
  const items = values.flatMap((value) => String(value).split(',')).map((item) => item.trim());
  if (items.some((item) => item === '')) {
    throw new InputError({ field: option, value: values.join(','), expected: 'Remove the empty item from the comma list.' });
  }
  return items;
}

function parseIdList(values: string[], option: string): 'all' | string[] {
  const items = splitValues(values, option);
  if (items.includes('all')) {
    if (items.length > 1) throw new InputError({ field: option, value: items.join(','), expected: 'Give "all" alone or a list of ids.' });
    return 'all';
  }
  return items;
}

/**
 * Parses values that are either all plain lists or all `KEY=LIST` entries; the keyed form gives
 * a map from key to list.
 */
function parseKeyedList<T>(values: string[], option: string, parseList: (items: string[]) => T): T | Record<string, T> {
  const keyed = values.map((value) => /^\s*[\w.-]+\s*=/.test(value));
  if (!keyed.some(Boolean)) return parseList(values);
  if (!keyed.every(Boolean)) {
    throw new InputError({
      field: option,
      value: values,
      expected: `Give either plain lists or KEY=LIST entries, for example ${option} resnet18=int8,int4, not both.`,
    });
  }

  const map: Record<string, T> = {};
  for (const value of values) {
    const equals = value.indexOf('=');
    const key = value.slice(0, equals).trim();
    if (key in map) throw new InputError({ field: option, value, expected: `${key} is given twice; list its values once.` });
    map[key] = parseList([value.slice(equals + 1)]);
  }
  return map;
}

function parseVddList(values: string[]): VddSelection {
  const items = splitValues(values, '--vdd');
  if (items.includes('default')) {
    if (items.length > 1) throw new InputError({ field: '--vdd', value: items.join(','), expected: 'Give "default" alone or a list of voltages.' });
    return 'default';
  }
  for (const item of items) {
    if (parseVoltage(item) === undefined) {
      throw new InputError({ field: '--vdd', value: item, expected: 'Write voltages in volts, for example --vdd 0.7,0.8 or --vdd "700 mV".' });
    }
  }
  return toVddSelection(items);
}

function parseBatch(item: string): number {
  const batch = Number(item);
  if (!/^\d+$/.test(item) || !Number.isSafeInteger(batch) || batch < 1) {
    throw new InputError({ field: '--batch', value: item, expected: 'Write positive integers, for example --batch 1,16.' });
  }
  return batch;
}

function parseObjective(item: string): Objective {
  if (!(OBJECTIVES as readonly string[]).includes(item)) {
    throw new InputError({ field: '--objective', value: item, expected: `Write one of ${OBJECTIVES.join(', ')}.` });
  }
  return item as Objective;
}
