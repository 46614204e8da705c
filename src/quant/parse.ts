import type { ResolvedNetwork } from '../network/types.js';
import { InputError } from '../util/errors.js';
import { readYamlFile } from '../util/read-yaml-file.js';
import { classifierLayer, firstConvLayer, PRECISION_LAYER_KINDS } from './layers.js';
import { precisionFileSchema, type PinValue, type PrecisionFile, type UniformValue } from './schema.js';
import { defaultActSigned } from './signedness.js';
import { closestNames } from './suggest.js';
import type { LayerPrecision, PrecisionConfig } from './types.js';
import { formatFieldPath } from '../util/field-path.js';
import { zodToInputError } from '../util/zod-input-error.js';

/** Reads and validates a precision-config file (YAML or JSON) against `network`. */
export function loadPrecisionConfig(path: string, network: ResolvedNetwork): PrecisionConfig {
  return parsePrecisionConfig(readYamlFile(path), network, path);
}

/**
 * Validates precision-config data against `network` and expands its shorthands: `uniform` becomes
 * `defaults`, and each `pin` becomes entries in `layers` (a layer's own entry wins field by
 * field). Every error is an `InputError` naming the file, the field and the fix.
 */
export function parsePrecisionConfig(data: unknown, network: ResolvedNetwork, file?: string): PrecisionConfig {
  const parsed = precisionFileSchema.safeParse(data);
  if (!parsed.success) throw zodToInputError(parsed.error, data, file);
  const config = parsed.data;

  if (config.network !== network.id) {
    throw new InputError({
      file,
      field: 'network',
      value: config.network,
      expected: `This config is for network "${config.network}" but was loaded for network "${network.id}". Load it with network "${config.network}", or set \`network: ${network.id}\` if its layer names fit.`,
    });
  }

  if (config.meta.top1 !== undefined && config.meta.top1Source === undefined) {
    throw new InputError({
      file,
      field: 'meta.top1Source',
      expected: 'Missing required field `meta.top1Source`: a reported top-1 accuracy needs the source that reports it.',
    });
  }

  const defaults = resolveDefaults(config, file);
  const explicit = config.layers ?? {};
  for (const [name, entry] of Object.entries(explicit)) {
    checkLayerEntry(name, entry, network, formatFieldPath(['layers', name]), file);
  }

  const layers: Record<string, Partial<LayerPrecision>> = {};
  for (const [name, entry] of pinEntries(config, network, file)) layers[name] = entry;
  for (const [name, entry] of Object.entries(explicit)) layers[name] = { ...layers[name], ...entry };

  const result: PrecisionConfig = { id: config.id, network: config.network, defaults, layers, meta: config.meta };
  if (config.description !== undefined) result.description = config.description;
  if (file !== undefined) result.file = file;
  return result;
}

function resolveDefaults(config: PrecisionFile, file: string | undefined): LayerPrecision {
  if (config.defaults !== undefined && config.uniform !== undefined) {
    throw new InputError({
      file,
      field: 'uniform',
      value: config.uniform,
      expected: 'Give either `defaults` or `uniform`, not both: `uniform: 8` is shorthand for defaults of 8-bit weights and activations.',
    });
  }
  if (config.defaults !== undefined) return config.defaults;
  if (config.uniform !== undefined) return expandUniform(config.uniform);
  throw new InputError({
    file,
    field: 'defaults',
    expected:
      'Missing required field `defaults`: add `defaults: { weightBits: 8, actBits: 8, actSigned: true }` or the shorthand `uniform: 8`.',
  });
}

function expandUniform(uniform: UniformValue): LayerPrecision {
  if (typeof uniform === 'number') {
    return { weightBits: uniform, actBits: uniform, actSigned: defaultActSigned(uniform) };
  }
  const defaults: LayerPrecision = {
    weightBits: uniform.bits,
    actBits: uniform.bits,
    actSigned: uniform.actSigned ?? defaultActSigned(uniform.bits),
  };
  if (uniform.accBits !== undefined) defaults.accBits = uniform.accBits;
  return defaults;
}

function expandPin(pin: PinValue): Partial<LayerPrecision> {
  if (typeof pin === 'number') return { weightBits: pin, actBits: pin, actSigned: defaultActSigned(pin) };
  return pin;
}

/** Entries the `pin` shorthands produce, keyed by layer name. */
function pinEntries(config: PrecisionFile, network: ResolvedNetwork, file: string | undefined): [string, Partial<LayerPrecision>][] {
  const entries: [string, Partial<LayerPrecision>][] = [];
  const pin = config.pin ?? {};

  if (pin.firstConv !== undefined) {
    const layer = firstConvLayer(network);
    if (layer === undefined) {
      throw new InputError({ file, field: 'pin.firstConv', value: pin.firstConv, expected: `Network "${network.id}" has no conv layer; remove \`pin.firstConv\`.` });
    }
    entries.push([layer.name, expandPin(pin.firstConv)]);
  }

  if (pin.classifier !== undefined) {
    const layer = classifierLayer(network);
    if (layer === undefined) {
      throw new InputError({ file, field: 'pin.classifier', value: pin.classifier, expected: `Network "${network.id}" has no fc layer; remove \`pin.classifier\`.` });
    }
    entries.push([layer.name, expandPin(pin.classifier)]);
  }

  // NOTE: `pin.adds` on a network without add layers pins nothing, so one preset file
  // (int8 with 16-bit adds) reads the same for ResNets and plain CNNs.
  if (pin.adds !== undefined) {
    const { weightBits, ...addPrecision } = expandPin(pin.adds);
    if (typeof pin.adds === 'object' && weightBits !== undefined) {
      throw new InputError({ file, field: 'pin.adds.weightBits', value: weightBits, expected: 'Add layers have no weights; remove `weightBits` from `pin.adds`.' });
    }
    for (const layer of network.layers) {
      if (layer.kind === 'add') entries.push([layer.name, addPrecision]);
    }
  }
  return entries;
}

/** Checks that a `layers` entry names a conv, fc or add layer of the network and fits its kind. */
export function checkLayerEntry(
  name: string,
  entry: Partial<LayerPrecision>,
  network: ResolvedNetwork,
  field: string,
  file: string | undefined,
): void {
  const layer = network.byName.get(name);
  if (layer === undefined) {
    const candidates = network.layers.filter((l) => (PRECISION_LAYER_KINDS as readonly string[]).includes(l.kind)).map((l) => l.name);
    const suggestions = closestNames(name, candidates);
    const hint = suggestions.length > 0 ? `Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : `Its conv, fc and add layers are ${candidates.slice(0, 8).join(', ')}${candidates.length > 8 ? ', ...' : ''}.`;
    throw new InputError({ file, field, value: name, expected: `Network "${network.id}" has no layer named "${name}". ${hint}` });
  }
  if (!(PRECISION_LAYER_KINDS as readonly string[]).includes(layer.kind)) {
    throw new InputError({
      file,
      field,
      value: name,
      expected: `Layer "${name}" is a ${layer.kind} layer; precision entries apply to conv, fc and add layers only. Remove the entry or name the conv that feeds it.`,
    });
  }
  if (layer.kind === 'add' && entry.weightBits !== undefined) {
    throw new InputError({ file, field: `${field}.weightBits`, value: entry.weightBits, expected: `Layer "${name}" is an add and has no weights; remove \`weightBits\`.` });
  }
}
