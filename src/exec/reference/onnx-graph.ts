/**
 * Builds a one-graph ONNX model in code (onnx-proto) and runs it on onnxruntime-node's CPU
 * provider. Every reference graph is small, so a session is created per call.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import * as ort from 'onnxruntime-node';

const onnx = onnxProto.onnx;
const DataType = onnx.TensorProto.DataType;
const AttributeType = onnx.AttributeProto.AttributeType;

export type ElementType = 'int8' | 'uint8' | 'int32' | 'int64' | 'float64';

const ONNX_TYPES: Record<ElementType, number> = {
  int8: DataType.INT8,
  uint8: DataType.UINT8,
  int32: DataType.INT32,
  int64: DataType.INT64,
  float64: DataType.DOUBLE,
};

export interface GraphInput {
  name: string;
  type: ElementType;
  dims: number[];
  data: Int8Array | Uint8Array | Int32Array | BigInt64Array | Float64Array;
}

export interface GraphNode {
  op: string;
  inputs: string[];
  output: string;
  /** Integer and integer-list attributes. */
  attributes?: Record<string, number | number[]>;
}

function attribute(name: string, value: number | number[]): OnnxTypes.IAttributeProto {
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  return { name, type: AttributeType.INT, i: value };
}

/** Runs the graph and returns the values of `output` as numbers (exact below 2^53). */
export async function runGraph(nodes: GraphNode[], inputs: GraphInput[], output: { name: string; type: ElementType }, opset = 13): Promise<{ values: Float64Array; dims: number[] }> {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'bitfluid-verify',
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'reference',
      node: nodes.map((node, index) => ({
        name: `${node.op}_${index}`,
        opType: node.op,
        input: node.inputs,
        output: [node.output],
        attribute: Object.entries(node.attributes ?? {}).map(([key, value]) => attribute(key, value)),
      })),
      input: inputs.map((input) => ({ name: input.name, type: { tensorType: { elemType: ONNX_TYPES[input.type], shape: { dim: input.dims.map((dim) => ({ dimValue: dim })) } } } })),
      output: [{ name: output.name, type: { tensorType: { elemType: ONNX_TYPES[output.type] } } }],
    },
  });
  // Severity 3 (errors only): for a ceil-mode MaxPool whose last window would start in the
  // padding, onnxruntime 1.31's static shape inference keeps that window while its kernel drops
  // it (as PyTorch does), and it warns on every run. The kernel's output is the one compared.
  const session = await ort.InferenceSession.create(onnx.ModelProto.encode(model).finish(), { logSeverityLevel: 3 });
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const input of inputs) {
      // onnxruntime-node rejects views of a SharedArrayBuffer ("Invalid argument"), so those are copied.
      const data = input.data.buffer instanceof SharedArrayBuffer ? input.data.slice() : input.data;
      feeds[input.name] = new ort.Tensor(input.type, data, input.dims);
    }
    const result = (await session.run(feeds))[output.name];
    const data = result.data as ArrayLike<number | bigint>;
    const values = new Float64Array(data.length);
    for (let index = 0; index < data.length; index++) values[index] = Number(data[index]);
    return { values, dims: [...result.dims] };
  } finally {
    await session.release();
  }
}
