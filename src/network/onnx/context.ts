/**
 * State of one ONNX import: the tensors produced so far (each mapped to the layer that outputs
 * it), the constant tensors, and the layers built. Converters of single ops work through it.
 */
import { InputError } from '../../util/errors.js';
import { checkLayerFields } from '../layer-checks.js';
import { LayerError } from '../layer-error.js';
import { inferOutputShape } from '../shapes.js';
import type { Layer, TensorShape } from '../types.js';
import type { ConstantTensor } from './constants.js';
import type { LayerNamer } from './names.js';
import type { NodeProto } from './protobuf.js';

/** A feature tensor of the graph: the layer that outputs it (or "input"), its shape and ONNX rank. */
export interface FeatureTensor {
  source: string;
  shape: TensorShape;
  /** 4 for N×C×H×W, 2 for N×F (a flat vector stored as F×1×1). */
  rank: 2 | 4;
}

/** A layer as a converter builds it; the context adds the name and inputs. */
export type LayerBody = Layer extends infer Full ? (Full extends Layer ? Omit<Full, 'name' | 'inputs'> : never) : never;

export class ImportContext {
  readonly layers: Layer[] = [];
  readonly features = new Map<string, FeatureTensor>();
  readonly constants = new Map<string, ConstantTensor>();
  /** Node names of the Dropout and Identity nodes passed through, for the variant notes. */
  readonly identities: string[] = [];

  constructor(
    readonly file: string,
    readonly opsetVersion: number,
    private readonly namer: LayerNamer,
  ) {}

  /** Builds an `InputError` about the node at `index` that names the node and its op type. */
  nodeError(node: NodeProto, index: number, message: string, value?: unknown): InputError {
    const details = value === undefined ? {} : { value };
    return new InputError({
      file: this.file,
      field: `graph.node[${index}]`,
      ...details,
      expected: `Node "${node.name ?? ''}" (${node.opType ?? '?'}): ${message}`,
    });
  }

  /** Returns the feature tensor at input `position` of the node, or throws when it is missing or constant. */
  feature(node: NodeProto, index: number, position: number): FeatureTensor {
    const name = node.input?.[position] ?? '';
    const feature = this.features.get(name);
    if (feature !== undefined) return feature;

    if (name === '') throw this.nodeError(node, index, `input ${position + 1} is missing.`);
    if (this.constants.has(name)) {
      throw this.nodeError(node, index, `input ${position + 1} ("${name}") is a constant, but bitfluid needs a feature map there.`);
    }
    throw this.nodeError(
      node,
      index,
      `input "${name}" is produced by no earlier node that bitfluid supports. Check that the graph is topologically sorted.`,
    );
  }

  /** Returns the constant at input `position`, or undefined when the input is absent. */
  optionalConstant(node: NodeProto, index: number, position: number): ConstantTensor | undefined {
    const name = node.input?.[position] ?? '';
    if (name === '') return undefined;

    const constant = this.constants.get(name);
    if (constant === undefined) {
      throw this.nodeError(node, index, `input ${position + 1} ("${name}") must be a constant (an initializer or a Constant node).`);
    }
    return constant;
  }

  constant(node: NodeProto, index: number, position: number, role: string): ConstantTensor {
    const constant = this.optionalConstant(node, index, position);
    if (constant === undefined) throw this.nodeError(node, index, `the ${role} (input ${position + 1}) is missing.`);
    return constant;
  }

  /** Maps the node's first output to an existing tensor, for ops that are identities at inference. */
  passThrough(node: NodeProto, input: FeatureTensor): void {
    this.features.set(node.output?.[0] ?? '', input);
    this.identities.push(node.name || node.opType || '?');
  }

  /** Names the layer, infers its output shape and records the node's first output as its result. */
  addLayer(node: NodeProto, index: number, body: LayerBody, inputs: FeatureTensor[], rank: 2 | 4): Layer {
    const layer = { ...body, name: this.namer.nameFor(node, index), inputs: inputs.map((input) => input.source) } as Layer;

    let shape: TensorShape;
    try {
      checkLayerFields(layer);
      shape = inferOutputShape(
        layer,
        inputs.map((input) => ({ name: input.source, shape: input.shape })),
      );
    } catch (error) {
      if (error instanceof LayerError) throw this.nodeError(node, index, error.message);
      throw error;
    }

    this.layers.push(layer);
    this.features.set(node.output?.[0] ?? '', { source: layer.name, shape, rank });
    return layer;
  }
}
