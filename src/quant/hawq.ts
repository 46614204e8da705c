import type { ResolvedNetwork } from '../network/types.js';
import { InputError } from '../util/errors.js';
import { precisionLayers } from './layers.js';
import { parsePrecisionConfig } from './parse.js';
import { hawqActSigned } from './signedness.js';
import type { LayerPrecision, PrecisionConfig, PrecisionConfigMeta } from './types.js';

/**
 * Importer for HAWQ-V3 `bit_config` key maps (github.com/Zhen-Dong/HAWQ, `bit_config.py`). HAWQ
 * names its quantizers after the modules of its PyTorchCV ResNet wrapper; this file maps them to
 * torchvision layer names:
 *
 * | HAWQ key                                          | sets                 | layer                         |
 * |---------------------------------------------------|----------------------|-------------------------------|
 * | `quant_input`                                     | activation bits      | `conv1`                       |
 * | `quant_init_block_convbn`, `quant_init_convbn`    | weight bits          | `conv1`                       |
 * | `stageS.unitU.quant_act`                          | activation bits      | `layerS.(U-1).conv1`, `.downsample.0` |
 * | `stageS.unitU.quant_actK`                         | activation bits      | `layerS.(U-1).conv(K+1)`      |
 * | `stageS.unitU.quant_convbnK`                      | weight bits          | `layerS.(U-1).convK`          |
 * | `stageS.unitU.quant_identity_convbn`              | weight bits          | `layerS.(U-1).downsample.0`   |
 * | `stageS.unitU.quant_act_int32`                    | activation bits (16) | `layerS.(U-1).add`            |
 * | `quant_act_output`                                | activation bits      | `fc`                          |
 * | `quant_output`                                    | weight bits          | `fc`                          |
 * | `quant_act_int32` (top level)                     | none                 | stem output after max pooling |
 *
 * An activation quantizer set to 4 bits is unsigned, any other width signed (`quant_train.py`).
 */

/** A `bit_config` value: a bit width, or `[bits, 'hook']` as some HAWQ configs write it. */
export type HawqBitValue = number | [number, string];

export type HawqKeyMap = Record<string, HawqBitValue>;

export interface HawqImportOptions {
  /** Id of the resulting config, for example `hawq-latency-0.5`. */
  id: string;
  description?: string;
  /** Metadata of the result; `source` defaults to a note naming the key map. */
  meta?: PrecisionConfigMeta;
  /** File the key map came from, for error messages. */
  file?: string;
}

export interface HawqImport {
  config: PrecisionConfig;
  /** Keys that were recognized but set nothing in bitfluid's format, and deviations from HAWQ's rules. */
  notes: string[];
}

/** Role and target layers of one HAWQ key. */
interface KeyTarget {
  role: 'weight' | 'act' | 'unmapped';
  /** torchvision layer names the key sets, before checking the network has them. */
  layers: string[];
  /** Layers set only when the network has them (the shortcut conv of a unit). */
  optionalLayers?: string[];
  reason?: string;
}

const STAGE_UNIT = /^stage(\d+)\.unit(\d+)\.(.+)$/;

/** Maps one HAWQ key to the layers it sets, or returns undefined for an unknown key. */
export function classifyHawqKey(key: string): KeyTarget | undefined {
  switch (key) {
    case 'quant_input':
      return { role: 'act', layers: ['conv1'] };
    case 'quant_init_block_convbn':
    case 'quant_init_convbn':
      return { role: 'weight', layers: ['conv1'] };
    case 'quant_act_int32':
      return { role: 'unmapped', layers: [], reason: 'the stem output after max pooling, which has no conv, fc or add layer to carry it' };
    case 'quant_act_output':
      return { role: 'act', layers: ['fc'] };
    case 'quant_output':
      return { role: 'weight', layers: ['fc'] };
  }

  const match = STAGE_UNIT.exec(key);
  if (match === null) return undefined;
  const stage = Number(match[1]);
  const unit = Number(match[2]);
  if (unit < 1) return undefined;
  const block = `layer${stage}.${unit - 1}`;
  const module = match[3];

  if (module === 'quant_act') return { role: 'act', layers: [`${block}.conv1`], optionalLayers: [`${block}.downsample.0`] };
  if (module === 'quant_act_int32') return { role: 'act', layers: [`${block}.add`] };
  if (module === 'quant_identity_convbn') return { role: 'weight', layers: [`${block}.downsample.0`] };
  const actK = /^quant_act(\d+)$/.exec(module);
  if (actK !== null) return { role: 'act', layers: [`${block}.conv${Number(actK[1]) + 1}`] };
  const convK = /^quant_convbn(\d+)$/.exec(module);
  if (convK !== null) return { role: 'weight', layers: [`${block}.conv${Number(convK[1])}`] };
  return undefined;
}

const KNOWN_KEY_FORMS =
  'quant_input, quant_init_block_convbn, quant_init_convbn, quant_act_int32, quant_act_output, quant_output, ' +
  'and stageS.unitU.{quant_act, quant_actK, quant_convbnK, quant_identity_convbn, quant_act_int32}';

/** Reads a key map value as a bit width, or throws naming the key. */
function bitsOf(key: string, value: unknown, file: string | undefined): number {
  const bits = Array.isArray(value) && value.length === 2 && typeof value[1] === 'string' ? value[0] : value;
  if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 1 || bits > 32) {
    throw new InputError({
      file,
      field: key,
      value,
      expected: 'A HAWQ bit_config value must be a bit width from 1 to 32, or [bits, "hook"].',
    });
  }
  return bits;
}

/**
 * Turns a HAWQ-V3 `bit_config` key map into a precision config for `network`, with an explicit
 * entry for every conv, fc and add layer. Throws an `InputError` listing unknown keys, keys whose
 * layer the network lacks, and layers no key sets.
 */
export function importHawqBitConfig(keyMap: Record<string, unknown>, network: ResolvedNetwork, options: HawqImportOptions): HawqImport {
  const { file } = options;
  const notes: string[] = [];

  const unknown = Object.keys(keyMap).filter((key) => classifyHawqKey(key) === undefined);
  if (unknown.length > 0) {
    throw new InputError({
      file,
      field: unknown[0],
      value: unknown.length === 1 ? unknown[0] : unknown,
      expected: `Unknown HAWQ bit_config key(s): ${unknown.join(', ')}. The importer knows ${KNOWN_KEY_FORMS}; remove or rename the key.`,
    });
  }

  const weightBits = new Map<string, number>();
  const actBits = new Map<string, { bits: number; key: string }>();
  for (const [key, value] of Object.entries(keyMap)) {
    const target = classifyHawqKey(key) as KeyTarget;
    const bits = bitsOf(key, value, file);
    if (target.role === 'unmapped') {
      notes.push(`${key} = ${bits} not imported: it quantizes ${target.reason}.`);
      continue;
    }
    const present = (target.optionalLayers ?? []).filter((name) => network.byName.has(name));
    for (const name of [...target.layers, ...present]) {
      if (!network.byName.has(name)) {
        throw new InputError({
          file,
          field: key,
          value: bits,
          expected: `Key ${key} sets layer "${name}", which network "${network.id}" does not have. Import the key map for the network it was written for.`,
        });
      }
      if (target.role === 'weight') weightBits.set(name, bits);
      else actBits.set(name, { bits, key });
    }
  }

  const layers: Record<string, Partial<LayerPrecision>> = {};
  const missing: string[] = [];
  for (const layer of precisionLayers(network)) {
    const act = actBits.get(layer.name);
    const weight = weightBits.get(layer.name);
    if (act === undefined || (layer.kind !== 'add' && weight === undefined)) {
      missing.push(layer.name);
      continue;
    }
    if (layer.kind === 'add') {
      layers[layer.name] = { actBits: act.bits, actSigned: hawqActSigned(act.bits) };
      continue;
    }
    layers[layer.name] = { weightBits: weight, actBits: act.bits, actSigned: hawqActSigned(act.bits) };
    if (weight !== act.bits) {
      notes.push(`${layer.name}: weights at ${weight} bits but input activations (${act.key}) at ${act.bits}; HAWQ-V3 ties the two, the import keeps both.`);
    }
  }
  if (missing.length > 0) {
    const missingList = missing.length > 8 ? `${missing.slice(0, 8).join(', ')} and ${missing.length - 8} more` : missing.join(', ');
    const details = { file, expected: `The key map sets no weight or activation bits for layer(s) ${missingList} of network "${network.id}". Check that it is a complete HAWQ bit_config for this network.` };
    throw new InputError(missing.length === 1 ? { ...details, value: missing[0] } : details);
  }

  const meta: PrecisionConfigMeta = { source: `HAWQ-V3 bit_config key map${file === undefined ? '' : ` ${file}`}`, ...options.meta };
  if (notes.length > 0) meta.notes = [options.meta?.notes, ...notes].filter((part) => part !== undefined).join(' ');

  const data: Record<string, unknown> = {
    id: options.id,
    network: network.id,
    defaults: { weightBits: 8, actBits: 8, actSigned: true },
    layers,
    meta,
  };
  if (options.description !== undefined) data.description = options.description;
  const config = parsePrecisionConfig(data, network, file);
  delete config.file;
  return { config, notes };
}
