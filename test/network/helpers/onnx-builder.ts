/**
 * Builds ONNX models in code with onnx-proto, for the importer tests. Weights are zeros, or
 * external data (only dims stored) when a test needs no inference run.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

const onnx = onnxProto.onnx;
const AttributeType = onnx.AttributeProto.AttributeType;
const DataType = onnx.TensorProto.DataType;

export type AttributeValue = number | number[] | string | { float: number };

export interface InitializerOptions {
  /** Store only dims and an external-data reference, as a model saved with external weights does. */
  external?: boolean;
  /** Tensor values, zeros when absent. */
  values?: number[];
  dataType?: 'float' | 'int64';
}

function attribute(name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if (typeof value === 'object') return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.INT, i: value };
}

function valueInfo(name: string, dims?: (number | string)[]): OnnxTypes.IValueInfoProto {
  const shape = dims === undefined ? undefined : { dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) };
  return { name, type: { tensorType: { elemType: DataType.FLOAT, ...(shape ? { shape } : {}) } } };
}

export class OnnxModelBuilder {
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  private counter = 0;

  constructor(private readonly opset = 13) {}

  input(name: string, dims: (number | string)[]): this {
    this.inputs.push(valueInfo(name, dims));
    return this;
  }

  output(name: string): this {
    this.outputs.push(valueInfo(name));
    return this;
  }

  initializer(name: string, dims: number[], options: InitializerOptions = {}): string {
    const count = dims.reduce((product, dim) => product * dim, 1);
    const tensor: OnnxTypes.ITensorProto = { name, dims };
    if (options.dataType === 'int64') {
      tensor.dataType = DataType.INT64;
      tensor.int64Data = options.values ?? new Array(count).fill(0);
    } else {
      tensor.dataType = DataType.FLOAT;
      if (options.external) {
        tensor.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
        tensor.externalData = [
          { key: 'location', value: 'weights.bin' },
          { key: 'offset', value: '0' },
          { key: 'length', value: String(count * 4) },
        ];
      } else {
        tensor.floatData = options.values ?? new Array(count).fill(0);
      }
    }
    this.initializers.push(tensor);
    return name;
  }

  /** Adds a node and returns its first output's name (`<name>_output_0`, as torch.onnx names them). */
  node(opType: string, inputs: string[], attributes: Record<string, AttributeValue> = {}, name?: string, outputCount = 1): string {
    const nodeName = name ?? `${opType}_${this.counter++}`;
    const outputs = Array.from({ length: outputCount }, (_, index) => `${nodeName}_output_${index}`);
    this.nodes.push({
      name: nodeName,
      opType,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return outputs[0];
  }

  build(graphName = 'test'): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'bitfluid-tests',
      opsetImport: [{ domain: '', version: this.opset }],
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
