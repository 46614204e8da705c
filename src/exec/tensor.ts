/**
 * Integer tensors as the executor and the reference exchange them: NCHW shape, one integer
 * format, values stored as float64 (exact for integers up to 2^53, which covers every
 * accumulator the mapper plans).
 */
import type { TensorFormat } from '../mapping/precision-plan.js';

/** Batch, channels, height, width. */
export type Shape4 = [number, number, number, number];

export interface IntTensor {
  shape: Shape4;
  format: TensorFormat;
  /** Values in NCHW order, each an integer inside `format`'s range. */
  data: Float64Array;
}

/** Returns the smallest and largest value of a format. */
export function formatRange(format: TensorFormat): { min: number; max: number } {
  if (format.signed) return { min: -(2 ** (format.bits - 1)), max: 2 ** (format.bits - 1) - 1 };
  return { min: 0, max: 2 ** format.bits - 1 };
}

export function elementsOf(shape: Shape4): number {
  return shape[0] * shape[1] * shape[2] * shape[3];
}

/**
 * Creates a zero tensor. With `shared`, the values live in a SharedArrayBuffer so that worker
 * threads write into the same memory.
 */
export function createTensor(shape: Shape4, format: TensorFormat, shared = false): IntTensor {
  const count = elementsOf(shape);
  const data = shared ? new Float64Array(new SharedArrayBuffer(count * Float64Array.BYTES_PER_ELEMENT)) : new Float64Array(count);
  return { shape, format, data };
}

/** Returns a copy of a tensor whose values live in shared memory. */
export function toShared(tensor: IntTensor): IntTensor {
  if (tensor.data.buffer instanceof SharedArrayBuffer) return tensor;
  const shared = createTensor(tensor.shape, tensor.format, true);
  shared.data.set(tensor.data);
  return shared;
}

/** Returns the same values under another shape with as many elements (flatten). */
export function reshape(tensor: IntTensor, shape: Shape4): IntTensor {
  if (elementsOf(shape) !== tensor.data.length) {
    throw new RangeError(`cannot reshape ${tensor.shape.join('×')} into ${shape.join('×')}`);
  }
  return { shape, format: tensor.format, data: tensor.data };
}
