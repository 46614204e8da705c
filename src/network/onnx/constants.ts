/**
 * Constant tensors of an ONNX graph: initializers and the outputs of `Constant` nodes. Weights
 * only contribute their `dims`, so weights stored as external data never need to be read. Small
 * integer and float tensors (a Reshape target shape, Clip bounds) are read by value.
 */
import { onnx, shortestFloat32, toNumber, type AttributeProto, type Int64, type TensorProto } from './protobuf.js';

export interface ConstantTensor {
  name: string;
  dims: number[];
  proto: TensorProto;
}

const DataType = onnx.TensorProto.DataType;

export function constantFromTensor(name: string, proto: TensorProto): ConstantTensor {
  return { name, dims: (proto.dims ?? []).map((dim: Int64) => toNumber(dim)), proto };
}

/** Builds the tensor that a `Constant` node outputs, from whichever value attribute it has. */
export function constantFromAttribute(name: string, attribute: AttributeProto): ConstantTensor | undefined {
  switch (attribute.name) {
    case 'value':
      return attribute.t ? constantFromTensor(name, attribute.t) : undefined;
    case 'value_float':
      return constantFromTensor(name, { dims: [], dataType: DataType.FLOAT, floatData: [attribute.f ?? 0] });
    case 'value_floats':
      return constantFromTensor(name, { dims: [attribute.floats?.length ?? 0], dataType: DataType.FLOAT, floatData: attribute.floats ?? [] });
    case 'value_int':
      return constantFromTensor(name, { dims: [], dataType: DataType.INT64, int64Data: [attribute.i ?? 0] });
    case 'value_ints':
      return constantFromTensor(name, { dims: [attribute.ints?.length ?? 0], dataType: DataType.INT64, int64Data: attribute.ints ?? [] });
    default:
      return undefined;
  }
}

function isExternal(proto: TensorProto): boolean {
  return proto.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL;
}

function rawView(proto: TensorProto): DataView | undefined {
  const raw = proto.rawData;
  if (raw === null || raw === undefined || raw.length === 0) return undefined;
  return new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
}

/**
 * Reads the values of a small numeric constant as numbers, or returns undefined when the tensor
 * keeps its data outside the file or has a type other than float, double, int32 or int64.
 */
export function readConstantValues(constant: ConstantTensor): number[] | undefined {
  const proto = constant.proto;
  if (isExternal(proto)) return undefined;

  const view = rawView(proto);
  switch (proto.dataType) {
    case DataType.FLOAT:
      if (view) return Array.from({ length: view.byteLength / 4 }, (_, index) => shortestFloat32(view.getFloat32(index * 4, true)));
      return (proto.floatData ?? []).map(shortestFloat32);
    case DataType.DOUBLE:
      if (view) return Array.from({ length: view.byteLength / 8 }, (_, index) => view.getFloat64(index * 8, true));
      return [...(proto.doubleData ?? [])];
    case DataType.INT32:
      if (view) return Array.from({ length: view.byteLength / 4 }, (_, index) => view.getInt32(index * 4, true));
      return [...(proto.int32Data ?? [])];
    case DataType.INT64:
      if (view) return Array.from({ length: view.byteLength / 8 }, (_, index) => Number(view.getBigInt64(index * 8, true)));
      return (proto.int64Data ?? []).map((value: Int64) => toNumber(value));
    default:
      return undefined;
  }
}
