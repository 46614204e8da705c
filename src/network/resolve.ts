/**
 * Resolves a network. It checks the graph: unique names, inputs that exist and come earlier, and
 * the right number of inputs per kind. Then it infers every shape, counts params and MACs, marks
 * batch norms folded into their conv or fc, fills consumers and sums the totals.
 */
import { InputError } from '../util/errors.js';
import { countMacs, countParams } from './counts.js';
import { NETWORK_INPUT } from './format.js';
import { checkLayerFields } from './layer-checks.js';
import { LayerError } from './layer-error.js';
import { inferOutputShape, type LayerInput } from './shapes.js';
import type { Layer, Network, NetworkTotals, ResolvedLayer, ResolvedNetwork, TensorShape } from './types.js';

function inputCountRule(layer: Layer): { minimum: number; maximum: number; text: string } {
  if (layer.kind === 'add' || layer.kind === 'concat') {
    return { minimum: 2, maximum: Number.POSITIVE_INFINITY, text: `An ${layer.kind} needs at least two inputs.` };
  }
  return { minimum: 1, maximum: 1, text: `A ${layer.kind} layer takes exactly one input.` };
}

/** Finds the producers of `layer.inputs` among the layers resolved so far. */
function collectInputs(layer: Layer, index: number, network: Network, resolved: Map<string, ResolvedLayer>): LayerInput[] {
  const rule = inputCountRule(layer);
  if (!Array.isArray(layer.inputs) || layer.inputs.length < rule.minimum || layer.inputs.length > rule.maximum) {
    throw new LayerError(rule.text, { field: 'inputs', value: layer.inputs });
  }

  return layer.inputs.map((name) => {
    if (name === NETWORK_INPUT) return { name, shape: network.input };

    const producer = resolved.get(name);
    if (producer !== undefined) return { name, shape: producer.outputShape };

    const later = network.layers.findIndex((other, otherIndex) => otherIndex >= index && other.name === name);
    const reason =
      later >= 0
        ? `Layer "${name}" comes later (layers[${later}]); list layers so that every input precedes its consumer.`
        : `No earlier layer is named "${name}"; name an earlier layer or "${NETWORK_INPUT}".`;
    throw new LayerError(reason, { field: 'inputs', value: layer.inputs });
  });
}

function checkName(layer: Layer, resolved: Map<string, ResolvedLayer>): void {
  if (typeof layer.name !== 'string' || layer.name === '' || layer.name === NETWORK_INPUT) {
    throw new LayerError(`Expected a non-empty layer name other than "${NETWORK_INPUT}".`, { field: 'name', value: layer.name });
  }
  if (resolved.has(layer.name)) {
    throw new LayerError('Layer names must be unique; an earlier layer has the same name. Rename one of them.', {
      field: 'name',
      value: layer.name,
    });
  }
}

function resolveLayer(layer: Layer, index: number, network: Network, resolved: Map<string, ResolvedLayer>): ResolvedLayer {
  checkName(layer, resolved);
  checkLayerFields(layer);

  const inputs = collectInputs(layer, index, network, resolved);
  const inputShapes = inputs.map((input) => ({ ...input.shape }));
  const outputShape = inferOutputShape(layer, inputs);

  return {
    ...layer,
    inputs: [...layer.inputs],
    inputShapes,
    outputShape,
    params: countParams(layer, inputShapes, outputShape),
    macs: countMacs(layer, inputShapes, outputShape),
    consumers: [],
  } as ResolvedLayer;
}

/** Marks each batch norm whose producer is a conv or fc with no other consumer as folded into it. */
function markFoldedBatchNorms(layers: ResolvedLayer[], byName: Map<string, ResolvedLayer>): void {
  for (const layer of layers) {
    if (layer.kind !== 'batchnorm') continue;

    const producer = byName.get(layer.inputs[0]);
    if (producer === undefined || (producer.kind !== 'conv' && producer.kind !== 'fc')) continue;
    if (producer.consumers.length !== 1) continue;

    layer.foldedInto = producer.name;
    producer.foldedBatchNorm = layer.name;
  }
}

function sumTotals(layers: ResolvedLayer[]): NetworkTotals {
  const totals: NetworkTotals = { params: 0, macs: 0, convMacs: 0, fcMacs: 0, convLayers: 0, fcLayers: 0 };
  for (const layer of layers) {
    totals.params += layer.params;
    totals.macs += layer.macs;
    if (layer.kind === 'conv') {
      totals.convMacs += layer.macs;
      totals.convLayers += 1;
    } else if (layer.kind === 'fc') {
      totals.fcMacs += layer.macs;
      totals.fcLayers += 1;
    }
  }
  return totals;
}

function checkInputShape(input: TensorShape, file?: string): void {
  for (const key of ['channels', 'height', 'width'] as const) {
    const value = input?.[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new InputError({ file, field: `input.${key}`, value, expected: 'Expected a positive integer.' });
    }
  }
}

/**
 * Validates the graph of `network` and infers every shape and count. `file` names the source in
 * error messages, which point at `layers[i].field`. Throws `InputError` on the first problem.
 */
export function resolveNetwork(network: Network, file?: string): ResolvedNetwork {
  checkInputShape(network.input, file);
  if (!Array.isArray(network.layers) || network.layers.length === 0) {
    throw new InputError({ file, field: 'layers', value: network.layers, expected: 'Expected a non-empty array of layers.' });
  }

  const byName = new Map<string, ResolvedLayer>();
  const layers: ResolvedLayer[] = [];
  network.layers.forEach((layer, index) => {
    try {
      const resolvedLayer = resolveLayer(layer, index, network, byName);
      layers.push(resolvedLayer);
      byName.set(resolvedLayer.name, resolvedLayer);
    } catch (error) {
      if (!(error instanceof LayerError)) throw error;
      const field = error.field === undefined ? `layers[${index}]` : `layers[${index}].${error.field}`;
      const details = error.hasValue ? { value: error.value } : {};
      throw new InputError({ file, field, ...details, expected: `Layer "${layer.name}": ${error.message}` });
    }
  });

  for (const layer of layers) {
    for (const name of new Set(layer.inputs)) byName.get(name)?.consumers.push(layer.name);
  }
  markFoldedBatchNorms(layers, byName);

  return {
    id: network.id,
    variant: { ...network.variant },
    input: { ...network.input },
    layers,
    byName,
    totals: sumTotals(layers),
    ...(file === undefined ? {} : { file }),
  };
}
