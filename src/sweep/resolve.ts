import { InputError, isInputError } from '../util/errors.js';
import type { SpecLocation, StudySpec, VddSelection } from './spec.js';
import type { Objective, SweepCatalog } from './types.js';

/**
 * A study with every `all` and `default` replaced by explicit lists, checked against a catalog.
 * The grid is a pure function of it, and its hash identifies a sweep in journals and merges.
 * It is plain JSON data.
 */
export interface ResolvedStudy {
  networks: { network: string; configs: string[] }[];
  techs: { tech: string; vddV: number[] }[];
  batch: number[];
  objective: Objective[];
  overrides: { path: string; values: (string | number)[] }[];
}

/** Voltages within this distance of a range end count as inside, to absorb unit conversion rounding. */
const VOLTAGE_TOLERANCE_V = 1e-9;

/**
 * Resolves a study spec against the catalog. Unknown ids, out-of-range voltages and invalid
 * overrides raise an `InputError` that names where the value was written and the known values.
 * When `networks` is `all`, a listed config that some networks lack is skipped for them with
 * one warning through `warn`.
 */
export function resolveStudy(spec: StudySpec, catalog: SweepCatalog, warn: (message: string) => void): ResolvedStudy {
  const networks = resolveNetworks(spec, catalog, warn);
  const techs = resolveTechs(spec, catalog);

  const batch = spec.batch;
  rejectDuplicates(batch, spec.sources.fields.batch);
  const objective = spec.objective;
  rejectDuplicates(objective, spec.sources.fields.objective);

  const overrides = spec.set.map(({ path, values }) => {
    const location = spec.sources.set[path] ?? { field: `set.${path}` };
    rejectDuplicates(values, location);
    values.forEach((value, i) => validateOverride(catalog, path, value, listItem(location, i, values.length)));
    return { path, values: [...values] };
  });

  const study: ResolvedStudy = { networks, techs, batch: [...batch], objective: [...objective], overrides };
  if (networks.length === 0) {
    throw new InputError({
      ...spec.sources.fields.networks,
      value: spec.networks,
      expected: 'The study has no network with a config to evaluate. Select networks that have bundled configs.',
    });
  }
  return study;
}

function resolveNetworks(spec: StudySpec, catalog: SweepCatalog, warn: (message: string) => void): ResolvedStudy['networks'] {
  const known = catalog.networks();
  const networkSource = spec.sources.fields.networks;
  const configSource = spec.sources.fields.configs;
  const configMap = typeof spec.configs === 'object' && !Array.isArray(spec.configs) ? spec.configs : undefined;

  let networks: string[];
  if (spec.networks === 'all') {
    networks = configMap === undefined ? known : Object.keys(configMap);
  } else {
    networks = spec.networks;
    rejectDuplicates(networks, networkSource);
  }
  networks.forEach((network, i) => {
    if (!known.includes(network)) {
      const location = configMap !== undefined && spec.networks === 'all' ? { ...configSource, field: `${configSource.field}.${network}` } : listItem(networkSource, i, networks.length);
      throw new InputError({ ...location, value: network, expected: `Unknown network. The bundled networks are: ${known.join(', ')}.` });
    }
  });

  if (configMap !== undefined) return resolveConfigMap(networks, configMap, spec, catalog);

  const configs = spec.configs as 'all' | string[];
  if (configs === 'all') {
    const resolved = networks.map((network) => ({ network, configs: catalog.configs(network).map((config) => config.id) }));
    const empty = resolved.filter((entry) => entry.configs.length === 0).map((entry) => entry.network);
    if (empty.length > 0) warn(`skipping networks without bundled precision configs: ${empty.join(', ')}`);
    return resolved.filter((entry) => entry.configs.length > 0);
  }

  rejectDuplicates(configs, configSource);
  const available = new Map(networks.map((network) => [network, catalog.configs(network).map((config) => config.id)]));
  const everyKnown = [...new Set([...available.values()].flat())];
  configs.forEach((config, i) => {
    if (!everyKnown.includes(config)) {
      throw new InputError({
        ...listItem(configSource, i, configs.length),
        value: config,
        expected: `Unknown precision config for ${networks.join(', ')}. The bundled configs are: ${describeConfigs(available)}.`,
      });
    }
  });

  const skipped: string[] = [];
  const resolved = networks.map((network) => {
    const own = available.get(network) ?? [];
    const missing = configs.filter((config) => !own.includes(config));
    if (missing.length > 0) {
      if (spec.networks !== 'all') {
        throw new InputError({
          ...configSource,
          value: missing,
          expected: `${network} has no bundled config ${missing.join(', ')}; its configs are: ${own.join(', ') || '(none)'}. Give configs per network as a map, for example configs: { ${network}: [${own[0] ?? 'int8'}] }.`,
        });
      }
      skipped.push(`${network} (${missing.join(', ')})`);
    }
    return { network, configs: configs.filter((config) => own.includes(config)) };
  });
  if (skipped.length > 0) warn(`skipping configs that are not bundled for these networks: ${skipped.join(', ')}`);
  return resolved.filter((entry) => entry.configs.length > 0);
}

function resolveConfigMap(
  networks: string[],
  configMap: Record<string, 'all' | string[]>,
  spec: StudySpec,
  catalog: SweepCatalog,
): ResolvedStudy['networks'] {
  const configSource = spec.sources.fields.configs;
  for (const network of Object.keys(configMap)) {
    if (!networks.includes(network)) {
      throw new InputError({
        ...configSource,
        value: network,
        expected: `The configs map names ${network}, which is not among the selected networks (${networks.join(', ')}). Add it to networks or remove it from configs.`,
      });
    }
  }

  return networks.map((network) => {
    const entry = configMap[network];
    if (entry === undefined) {
      throw new InputError({
        ...configSource,
        value: Object.keys(configMap),
        expected: `The configs map has no entry for the selected network ${network}. Add "${network}: all" or a list of its configs.`,
      });
    }
    const own = catalog.configs(network).map((config) => config.id);
    if (entry === 'all') return { network, configs: own };

    const location = configSource.file === undefined ? configSource : { ...configSource, field: `${configSource.field}.${network}` };
    rejectDuplicates(entry, location);
    entry.forEach((config, i) => {
      if (!own.includes(config)) {
        throw new InputError({
          ...listItem(location, i, entry.length),
          value: config,
          expected: `Unknown precision config for ${network}. Its bundled configs are: ${own.join(', ') || '(none)'}.`,
        });
      }
    });
    return { network, configs: [...entry] };
  });
}

function resolveTechs(spec: StudySpec, catalog: SweepCatalog): ResolvedStudy['techs'] {
  const known = catalog.technologies();
  const techSource = spec.sources.fields.tech;
  const vddSource = spec.sources.fields.vdd;

  const techs = spec.tech === 'all' ? known : spec.tech;
  rejectDuplicates(techs, techSource);
  techs.forEach((tech, i) => {
    if (!known.includes(tech)) {
      throw new InputError({ ...listItem(techSource, i, techs.length), value: tech, expected: `Unknown technology. The technologies are: ${known.join(', ')}.` });
    }
  });

  const vddMap = typeof spec.vdd === 'object' && !Array.isArray(spec.vdd) ? spec.vdd : undefined;
  if (vddMap !== undefined) {
    for (const tech of Object.keys(vddMap)) {
      if (!techs.includes(tech)) {
        throw new InputError({
          ...vddSource,
          value: tech,
          expected: `The vdd map names ${tech}, which is not among the selected technologies (${techs.join(', ')}).`,
        });
      }
    }
  }

  return techs.map((tech) => {
    const selection: VddSelection = vddMap === undefined ? (spec.vdd as VddSelection) : (vddMap[tech] ?? 'default');
    if (selection === 'default') return { tech, vddV: [...catalog.sweepVoltages(tech)] };

    const location = vddMap === undefined || vddSource.file === undefined ? vddSource : { ...vddSource, field: `${vddSource.field}.${tech}` };
    rejectDuplicates(selection, location);
    const { minV, maxV } = catalog.voltageRange(tech);
    selection.forEach((vddV, i) => {
      if (vddV < minV - VOLTAGE_TOLERANCE_V || vddV > maxV + VOLTAGE_TOLERANCE_V) {
        throw new InputError({
          ...listItem(location, i, selection.length),
          value: `${vddV} V`,
          expected: `The supply voltage of ${tech} must lie in its supported range ${minV} V to ${maxV} V.`,
        });
      }
    });
    return { tech, vddV: [...selection] };
  });
}

/** Runs the catalog's override check and re-raises its error with the spec location. */
function validateOverride(catalog: SweepCatalog, path: string, value: string | number, location: SpecLocation): void {
  try {
    catalog.validateOverride(path, value);
  } catch (error) {
    if (!isInputError(error)) throw error;
    throw new InputError({ ...location, value, expected: error.expected });
  }
}

/** Location of item `i` of a list: the file field gets an index, an option keeps its name. */
function listItem(location: SpecLocation, i: number, length: number): SpecLocation {
  if (location.file === undefined || length <= 1) return location;
  return { ...location, field: `${location.field}[${i}]` };
}

/** Raises an `InputError` when a list names the same value twice, because two points would share one key. */
function rejectDuplicates(values: readonly (string | number)[], location: SpecLocation): void {
  const seen = new Set<string | number>();
  for (const value of values) {
    if (seen.has(value)) {
      throw new InputError({ ...location, value, expected: 'The value is listed twice. List each value once.' });
    }
    seen.add(value);
  }
}

function describeConfigs(available: Map<string, string[]>): string {
  return [...available].map(([network, ids]) => `${network}: ${ids.join(', ') || '(none)'}`).join('; ');
}

