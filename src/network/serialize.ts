/**
 * Writes a `Network` as a network file: the header fields, then one layer object per line, each
 * with the shortest form of its sizes (a scalar when both axes agree) and without `inputs` when
 * it reads the previous layer. Reading the text back with `parseNetwork` gives the same network.
 */
import { NETWORK_FORMAT, NETWORK_FORMAT_VERSION, NETWORK_INPUT } from './format.js';
import type { Layer, Network, Padding4, Pair } from './types.js';

type PlainValue = string | number | boolean | number[] | string[];

function compactPair(pair: Pair): number | Pair {
  return pair[0] === pair[1] ? pair[0] : [pair[0], pair[1]];
}

function compactPadding(padding: Padding4): number | number[] {
  const [top, left, bottom, right] = padding;
  if (top === bottom && left === right) return top === left ? top : [top, left];
  return [top, left, bottom, right];
}

/** Fields of one layer in file order: name, kind, inputs (when needed), then the kind's fields. */
function layerEntries(layer: Layer, previous: string): [string, PlainValue][] {
  const entries: [string, PlainValue][] = [
    ['name', layer.name],
    ['kind', layer.kind],
  ];
  const readsPrevious = layer.inputs.length === 1 && layer.inputs[0] === previous;
  if (!readsPrevious || layer.kind === 'add' || layer.kind === 'concat') entries.push(['inputs', [...layer.inputs]]);

  switch (layer.kind) {
    case 'conv':
      entries.push(
        ['outChannels', layer.outChannels],
        ['kernel', compactPair(layer.kernel)],
        ['stride', compactPair(layer.stride)],
        ['padding', compactPadding(layer.padding)],
        ['dilation', compactPair(layer.dilation)],
        ['groups', layer.groups],
        ['bias', layer.bias],
      );
      break;
    case 'fc':
      entries.push(['outFeatures', layer.outFeatures], ['bias', layer.bias]);
      break;
    case 'clip':
      if (Number.isFinite(layer.min)) entries.push(['min', layer.min]);
      if (Number.isFinite(layer.max)) entries.push(['max', layer.max]);
      break;
    case 'maxpool':
      entries.push(
        ['kernel', compactPair(layer.kernel)],
        ['stride', compactPair(layer.stride)],
        ['padding', compactPadding(layer.padding)],
        ['dilation', compactPair(layer.dilation)],
        ['ceilMode', layer.ceilMode],
      );
      break;
    case 'avgpool':
      entries.push(
        ['kernel', compactPair(layer.kernel)],
        ['stride', compactPair(layer.stride)],
        ['padding', compactPadding(layer.padding)],
        ['ceilMode', layer.ceilMode],
        ['countIncludePad', layer.countIncludePad],
      );
      break;
    case 'adaptiveavgpool':
      entries.push(['outputSize', compactPair(layer.outputSize)]);
      break;
    case 'batchnorm':
      entries.push(['epsilon', layer.epsilon]);
      break;
    default:
      break;
  }
  return entries;
}

function formatValue(value: PlainValue): string {
  if (Array.isArray(value)) return `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
  return JSON.stringify(value);
}

function formatLayerLine(entries: [string, PlainValue][]): string {
  return `{ ${entries.map(([key, value]) => `${JSON.stringify(key)}: ${formatValue(value)}`).join(', ')} }`;
}

/** Formats `network` as the text of a network file (2-space indent, one layer per line). */
export function formatNetworkFile(network: Network): string {
  const header = {
    format: NETWORK_FORMAT,
    version: NETWORK_FORMAT_VERSION,
    id: network.id,
    variant: {
      model: network.variant.model,
      source: network.variant.source,
      ...(network.variant.notes === undefined ? {} : { notes: network.variant.notes }),
    },
    input: { channels: network.input.channels, height: network.input.height, width: network.input.width },
  };
  const headerText = JSON.stringify(header, null, 2);

  const layerLines = network.layers.map((layer, index) => {
    const previous = index === 0 ? NETWORK_INPUT : network.layers[index - 1].name;
    return `    ${formatLayerLine(layerEntries(layer, previous))}`;
  });

  const body = headerText.slice(0, headerText.lastIndexOf('}')).trimEnd();
  return `${body},\n  "layers": [\n${layerLines.join(',\n')}\n  ]\n}\n`;
}
