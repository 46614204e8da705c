/**
 * Builds an FP32 ONNX graph (opset 13) of a bitfluid network with seeded random weights, so that
 * onnxruntime can run the network's real layer shapes. Weights follow a He-style uniform
 * distribution (bound sqrt(6 / fan-in)) to keep activations of order one. Batch norms are
 * identities (scale 1, bias 0, mean 0, variance 1). Only shapes matter for timing.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import type { ResolvedLayer, ResolvedNetwork } from '../src/network/types.js';
import { SeededRandom } from '../src/util/random.js';

const onnx = onnxProto.onnx;
const AttributeType = onnx.AttributeProto.AttributeType;
const DataType = onnx.TensorProto.DataType;

type Attribute = number | number[];

function attribute(name: string, value: Attribute): OnnxTypes.IAttributeProto {
  return Array.isArray(value) ? { name, type: AttributeType.INTS, ints: value } : { name, type: AttributeType.INT, i: value };
}

class GraphBuilder {
  readonly nodes: OnnxTypes.INodeProto[] = [];
  readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly random: SeededRandom;

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  tensor(name: string, dims: number[], fill: (i: number) => number): string {
    const count = dims.reduce((product, dim) => product * dim, 1);
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = fill(i);
    this.initializers.push({ name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(values.buffer) });
    return name;
  }

  /** Uniform weights in ±sqrt(6 / fanIn). */
  weights(name: string, dims: number[], fanIn: number): string {
    const bound = Math.sqrt(6 / fanIn);
    return this.tensor(name, dims, () => (2 * this.random.nextFloat() - 1) * bound);
  }

  node(opType: string, name: string, inputs: string[], attributes: Record<string, Attribute> = {}): string {
    this.nodes.push({ name, opType, input: inputs, output: [name], attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)) });
    return name;
  }
}

/** Adds the node(s) of one layer and returns the name of its output tensor. */
function addLayer(graph: GraphBuilder, layer: ResolvedLayer, inputs: string[]): string {
  const name = layer.name;
  const input = layer.inputShapes[0];

  switch (layer.kind) {
    case 'conv': {
      const fanIn = (input.channels / layer.groups) * layer.kernel[0] * layer.kernel[1];
      const operands = [inputs[0], graph.weights(`${name}.weight`, [layer.outChannels, input.channels / layer.groups, ...layer.kernel], fanIn)];
      if (layer.bias) operands.push(graph.tensor(`${name}.bias`, [layer.outChannels], () => 0));
      return graph.node('Conv', name, operands, { kernel_shape: layer.kernel, strides: layer.stride, pads: layer.padding, dilations: layer.dilation, group: layer.groups });
    }
    case 'fc': {
      const inFeatures = input.channels * input.height * input.width;
      const operands = [inputs[0], graph.weights(`${name}.weight`, [layer.outFeatures, inFeatures], inFeatures)];
      if (layer.bias) operands.push(graph.tensor(`${name}.bias`, [layer.outFeatures], () => 0));
      return graph.node('Gemm', name, operands, { transB: 1 });
    }
    case 'batchnorm': {
      const channels = input.channels;
      const parameters = [['scale', 1], ['bias', 0], ['mean', 0], ['var', 1]].map(([part, value]) => graph.tensor(`${name}.${part}`, [channels], () => value as number));
      return graph.node('BatchNormalization', name, [inputs[0], ...parameters]);
    }
    case 'relu':
      return graph.node('Relu', name, inputs);
    case 'clip': {
      const min = Number.isFinite(layer.min) ? graph.tensor(`${name}.min`, [], () => layer.min) : '';
      const max = Number.isFinite(layer.max) ? graph.tensor(`${name}.max`, [], () => layer.max) : '';
      return graph.node('Clip', name, [inputs[0], min, max]);
    }
    case 'maxpool':
      return graph.node('MaxPool', name, inputs, { kernel_shape: layer.kernel, strides: layer.stride, pads: layer.padding, dilations: layer.dilation, ceil_mode: layer.ceilMode ? 1 : 0 });
    case 'avgpool':
      return graph.node('AveragePool', name, inputs, { kernel_shape: layer.kernel, strides: layer.stride, pads: layer.padding, ceil_mode: layer.ceilMode ? 1 : 0, count_include_pad: layer.countIncludePad ? 1 : 0 });
    case 'adaptiveavgpool': {
      const [outH, outW] = layer.outputSize;
      if (input.height % outH !== 0 || input.width % outW !== 0) {
        throw new Error(`${name}: adaptive average pooling from ${input.height}×${input.width} to ${outH}×${outW} is not a plain average pool`);
      }
      const kernel = [input.height / outH, input.width / outW];
      return graph.node('AveragePool', name, inputs, { kernel_shape: kernel, strides: kernel });
    }
    case 'globalavgpool':
      return graph.node('GlobalAveragePool', name, inputs);
    case 'add':
      return graph.node('Sum', name, inputs);
    case 'concat':
      return graph.node('Concat', name, inputs, { axis: 1 });
    case 'flatten':
      return graph.node('Flatten', name, inputs, { axis: 1 });
  }
}

/** Encodes the network for `batch` images as an ONNX model with one input named `input`. */
export function buildOnnxNetwork(network: ResolvedNetwork, batch: number, seed = 1): Uint8Array {
  const graph = new GraphBuilder(seed);
  const tensorOf = new Map<string, string>([['input', 'input']]);
  let last = 'input';
  for (const layer of network.layers) {
    last = addLayer(graph, layer, layer.inputs.map((input) => tensorOf.get(input)!));
    tensorOf.set(layer.name, last);
  }

  const { channels, height, width } = network.input;
  const valueInfo = (name: string, dims?: number[]): OnnxTypes.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: DataType.FLOAT, ...(dims ? { shape: { dim: dims.map((dimValue) => ({ dimValue })) } } : {}) } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'bitfluid bench/onnx-network.ts',
    opsetImport: [{ domain: '', version: 13 }],
    graph: { name: network.id, node: graph.nodes, initializer: graph.initializers, input: [valueInfo('input', [batch, channels, height, width])], output: [valueInfo(last)] },
  });
  return onnx.ModelProto.encode(model).finish();
}
