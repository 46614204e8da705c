/**
 * ONNX import: turns an ONNX graph into a bitfluid `Network` with one layer per supported node,
 * then validates and resolves it with the same code that loads network files.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { InputError } from '../../util/errors.js';
import { log } from '../../util/logger.js';
import { FIELD_RULES } from '../format.js';
import { resolveNetwork } from '../resolve.js';
import { NETWORK_ID_PATTERN } from '../schema.js';
import type { Network, ResolvedNetwork, TensorShape } from '../types.js';
import { constantFromTensor } from './constants.js';
import { ImportContext, type FeatureTensor } from './context.js';
import { converterFor, SUPPORTED_OPS } from './convert.js';
import { LayerNamer } from './names.js';
import { decodeModel, toNumber, type GraphProto, type ModelProto, type ValueInfoProto } from './protobuf.js';
import { ConversionError } from './windows.js';

export interface OnnxImportOptions {
  /** Network id; defaults to the file name without extension, or "imported" for bytes. */
  id?: string;
  /** Input shape C×H×W per image. Required when the model's input has symbolic dims; overrides fixed ones. */
  inputShape?: TensorShape;
  /** Name of the model in error messages and notes when `source` is bytes. */
  file?: string;
}

/** Opset of the default ONNX domain (the one Conv, Relu, ... belong to). */
function defaultOpset(model: ModelProto): number {
  const entry = (model.opsetImport ?? []).find((opset) => opset.domain === '' || opset.domain === 'ai.onnx' || !opset.domain);
  return entry ? toNumber(entry.version) : 1;
}

function describeDims(value: ValueInfoProto): string {
  const dims = value.type?.tensorType?.shape?.dim ?? [];
  return `[${dims.map((dim) => (dim.dimParam ? dim.dimParam : String(toNumber(dim.dimValue)))).join(', ')}]`;
}

/** Reads C×H×W (or F for a 2-D input) from the graph input, unless `override` is given. */
function readInputShape(value: ValueInfoProto, file: string, override?: TensorShape): { shape: TensorShape; rank: 2 | 4 } {
  const dims = value.type?.tensorType?.shape?.dim ?? [];
  const rank = dims.length;
  const fixed = dims.map((dim) => (dim.dimParam || dim.dimValue === null || dim.dimValue === undefined ? undefined : toNumber(dim.dimValue)));
  const perImage = fixed.slice(1);

  if (override !== undefined) {
    const known = rank === 4 && perImage.every((dim) => dim !== undefined);
    const differs = known && (perImage[0] !== override.channels || perImage[1] !== override.height || perImage[2] !== override.width);
    if (differs) log.warn(`${file}: the input shape option overrides the model's input dims ${describeDims(value)}.`);
    return { shape: override, rank: 4 };
  }

  const complete = perImage.every((dim) => dim !== undefined && dim > 0);
  if (rank === 4 && complete) {
    return { shape: { channels: perImage[0]!, height: perImage[1]!, width: perImage[2]! }, rank: 4 };
  }
  if (rank === 2 && complete) return { shape: { channels: perImage[0]!, height: 1, width: 1 }, rank: 2 };

  throw new InputError({
    file,
    field: `graph.input "${value.name ?? ''}"`,
    value: describeDims(value),
    expected: 'bitfluid needs a fixed N×C×H×W (or N×F) input. Pass the per-image shape, for example --input-shape 3,224,224.',
  });
}

function graphInput(graph: GraphProto, file: string): ValueInfoProto {
  const initializers = new Set((graph.initializer ?? []).map((tensor) => tensor.name ?? ''));
  const inputs = (graph.input ?? []).filter((value) => !initializers.has(value.name ?? ''));
  if (inputs.length !== 1) {
    throw new InputError({
      file,
      field: 'graph.input',
      value: inputs.map((value) => value.name),
      expected: 'bitfluid models networks with exactly one input tensor (the image batch).',
    });
  }
  return inputs[0];
}

function sanitizeId(text: string): string {
  const id = text.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return id === '' ? 'imported' : id;
}

function describeProducer(model: ModelProto, opset: number): string {
  const producer = [model.producerName, model.producerVersion].filter((part) => part).join(' ');
  return `ONNX IR version ${toNumber(model.irVersion)}, opset ${opset}${producer ? `, produced by ${producer}` : ''}`;
}

function convertNodes(graph: GraphProto, context: ImportContext): void {
  (graph.node ?? []).forEach((node, index) => {
    const opType = node.opType ?? '';
    const domain = node.domain ?? '';
    const converter = domain === '' || domain === 'ai.onnx' ? converterFor(opType) : undefined;
    if (converter === undefined) {
      const qualified = domain === '' || domain === 'ai.onnx' ? opType : `${domain}.${opType}`;
      throw context.nodeError(node, index, `unsupported ONNX op ${qualified}. Supported ops: ${SUPPORTED_OPS.join(', ')}.`, qualified);
    }

    try {
      converter(node, index, context);
    } catch (error) {
      if (error instanceof ConversionError) throw context.nodeError(node, index, error.message);
      throw error;
    }
  });
}

/**
 * Imports an ONNX model (bytes or a file path) as a resolved bitfluid network. Only shapes
 * matter, so weights stored as external data are never read. Throws `InputError` naming the
 * file (and the node) for a file that is not ONNX, an unsupported op or an unsupported attribute.
 */
export function importOnnx(source: Uint8Array | string, options: OnnxImportOptions = {}): ResolvedNetwork {
  const file = typeof source === 'string' ? source : (options.file ?? 'model.onnx');
  if (options.id !== undefined && !NETWORK_ID_PATTERN.test(options.id)) {
    throw new InputError({ field: 'id', value: options.id, expected: `Expected ${FIELD_RULES.id}.` });
  }

  const bytes = typeof source === 'string' ? readModelFile(source) : source;
  const model = decodeModel(bytes, file);
  const graph = model.graph as GraphProto;
  const opset = defaultOpset(model);

  const context = new ImportContext(file, opset, new LayerNamer(graph.node ?? []));
  for (const tensor of graph.initializer ?? []) context.constants.set(tensor.name ?? '', constantFromTensor(tensor.name ?? '', tensor));
  const inputValue = graphInput(graph, file);
  const input = readInputShape(inputValue, file, options.inputShape);
  const inputTensor: FeatureTensor = { source: 'input', shape: input.shape, rank: input.rank };
  context.features.set(inputValue.name ?? '', inputTensor);

  convertNodes(graph, context);
  if (context.layers.length === 0) {
    throw new InputError({ file, expected: 'The graph has no node that becomes a layer (only identities and constants).' });
  }

  const notes = [
    `Imported from ${basename(file)} by bitfluid import; layer names come from the ONNX node names.`,
    context.identities.length > 0
      ? `Dropped ${context.identities.length} node(s) that are identities at inference (Dropout, Identity, Clip without bounds): ${context.identities.join(', ')}.`
      : '',
  ].filter((note) => note !== '');

  const network: Network = {
    id: options.id ?? (typeof source === 'string' || options.file ? sanitizeId(basename(file, extname(file))) : 'imported'),
    variant: {
      model: `ONNX graph "${graph.name || basename(file)}"`,
      source: `${basename(file)} (${describeProducer(model, opset)})`,
      notes: notes.join(' '),
    },
    input: input.shape,
    layers: context.layers,
  };
  return resolveNetwork(network, file);
}

function readModelFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'The file does not exist' : `The file cannot be read (${code ?? String(error)})`;
    throw new InputError({ file: path, expected: `${reason}. Check the path of the ONNX model.` });
  }
}
