/**
 * Access to the ONNX protobuf definitions of `onnx-proto` (protobufjs, ONNX 1.10 schema) and
 * decoding of a model file into a `ModelProto`.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { InputError } from '../../util/errors.js';

export const onnx = onnxProto.onnx;
export type ModelProto = OnnxTypes.ModelProto;
export type GraphProto = OnnxTypes.IGraphProto;
export type NodeProto = OnnxTypes.INodeProto;
export type TensorProto = OnnxTypes.ITensorProto;
export type AttributeProto = OnnxTypes.IAttributeProto;
export type ValueInfoProto = OnnxTypes.IValueInfoProto;

/** An int64 field: protobufjs returns a `Long` when the `long` package is installed. */
export type Int64 = number | { toNumber(): number };

export function toNumber(value: Int64 | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/**
 * Returns the shortest decimal that rounds to the same float32, so an epsilon stored as float32
 * 1e-5 reads back as 0.00001 and not 0.000009999999747378752.
 */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value)) return value;
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === Math.fround(value)) return candidate;
  }
  return value;
}

/** Decodes ONNX model bytes. Throws `InputError` naming `file` when they are not an ONNX model. */
export function decodeModel(bytes: Uint8Array, file: string): ModelProto {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError({
      file,
      expected: `The file is not a valid ONNX model: protobuf decoding failed (${reason}). Check that the file is a complete .onnx file.`,
    });
  }

  const graph = model.graph;
  if (graph === null || graph === undefined || (graph.node ?? []).length === 0) {
    throw new InputError({
      file,
      expected: 'The file is not an ONNX model: it decodes without a graph or without nodes. Check that the file is a complete .onnx file.',
    });
  }
  return model;
}
