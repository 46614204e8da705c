import type { ResolvedNetwork } from '../network/types.js';
import { InputError } from '../util/errors.js';
import { precisionLayers } from './layers.js';
import { checkLayerEntry } from './parse.js';
import type { PrecisionConfig, ResolvedLayerPrecision } from './types.js';
import { formatFieldPath } from '../util/field-path.js';

/**
 * Returns the precision of every conv, fc and add layer of `network`, in layer order: a layer's
 * entry in `config.layers` field by field over `config.defaults`. Add layers get `weightBits` 0.
 * Checks that the config belongs to the network, names only its conv/fc/add layers, and gives
 * every conv and fc an accumulator (when set) wide enough for one product.
 */
export function resolvePrecision(config: PrecisionConfig, network: ResolvedNetwork): Map<string, ResolvedLayerPrecision> {
  if (config.network !== network.id) {
    throw new InputError({
      file: config.file,
      field: 'network',
      value: config.network,
      expected: `Config "${config.id}" is for network "${config.network}", not "${network.id}". Pick a config of network "${network.id}".`,
    });
  }
  for (const [name, entry] of Object.entries(config.layers)) {
    checkLayerEntry(name, entry, network, formatFieldPath(['layers', name]), config.file);
  }

  const resolved = new Map<string, ResolvedLayerPrecision>();
  for (const layer of precisionLayers(network)) {
    const entry = config.layers[layer.name];
    const precision: ResolvedLayerPrecision = {
      layer: layer.name,
      kind: layer.kind,
      weightBits: layer.kind === 'add' ? 0 : (entry?.weightBits ?? config.defaults.weightBits),
      actBits: entry?.actBits ?? config.defaults.actBits,
      actSigned: entry?.actSigned ?? config.defaults.actSigned,
      listed: entry !== undefined,
    };
    const accBits = entry?.accBits ?? config.defaults.accBits;
    if (accBits !== undefined) precision.accBits = accBits;
    checkAccumulator(precision, config);
    resolved.set(layer.name, precision);
  }
  return resolved;
}

/** A set accumulator must hold one product (conv, fc) or one operand (add). */
function checkAccumulator(precision: ResolvedLayerPrecision, config: PrecisionConfig): void {
  if (precision.accBits === undefined) return;
  const needed = precision.kind === 'add' ? precision.actBits : precision.weightBits + precision.actBits;
  if (precision.accBits >= needed) return;
  throw new InputError({
    file: config.file,
    field: formatFieldPath(['layers', precision.layer, 'accBits']),
    value: precision.accBits,
    expected: `Layer "${precision.layer}" needs an accumulator of at least ${needed} bits (${precision.kind === 'add' ? 'its operand width' : 'weightBits + actBits'}); raise accBits or leave it out so the mapper sizes it.`,
  });
}
