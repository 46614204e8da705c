/**
 * The tensor file `verify --data` reads: integer tensors by name, in JSON.
 *
 *   {
 *     "format": "bitfluid-tensors",
 *     "version": 1,
 *     "tensors": {
 *       "input": { "shape": [1, 3, 224, 224], "values": [12, -7, ...] },
 *       "layer1.0.conv1.input": { "shape": [1, 64, 56, 56], "values": [...] },
 *       "layer1.0.add.input1": { "shape": [1, 64, 56, 56], "values": [...] },
 *       "layer1.0.conv1.weight": { "shape": [64, 64, 3, 3], "values": [...] },
 *       "fc.bias": { "shape": [1000], "values": [...] }
 *     }
 *   }
 *
 * `input` is the network input of a whole-network run. `<layer>.input` (or `.input0`) and
 * `<layer>.input1` are the inputs of a layer run on its own. `<layer>.weight` (C_out × C_in/groups
 * × kh × kw, or C_out × K for an fc) and `<layer>.bias` (C_out) are integer codes. Values are in
 * NCHW order and must lie in the format the layer reads (see docs/verification.md). Tensors the
 * file does not give are seeded random.
 */
import { z } from 'zod';
import { InputError } from '../util/errors.js';
import { readYamlFile } from '../util/read-yaml-file.js';
import { zodToInputError } from '../util/zod-input-error.js';

const tensorSchema = z
  .object({
    shape: z.array(z.number().int().positive()).min(1).max(4),
    values: z.array(z.number().int()),
  })
  .strict();

const fileSchema = z
  .object({
    format: z.literal('bitfluid-tensors'),
    version: z.literal(1),
    tensors: z.record(z.string(), tensorSchema),
  })
  .strict();

export interface FileTensor {
  shape: number[];
  values: number[];
}

export interface TensorFile {
  file: string;
  tensors: Map<string, FileTensor>;
}

/** Reads and validates a tensor file: the header, each tensor's shape and its value count. */
export function loadTensorFile(path: string): TensorFile {
  const data = readYamlFile(path);
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) throw zodToInputError(parsed.error, data, path);
  const tensors = new Map<string, FileTensor>();
  for (const [name, tensor] of Object.entries(parsed.data.tensors)) {
    const count = tensor.shape.reduce((product, dim) => product * dim, 1);
    if (tensor.values.length !== count) {
      throw new InputError({ file: path, field: `tensors.${name}.values`, value: `${tensor.values.length} values`, expected: `A tensor of shape [${tensor.shape.join(', ')}] has ${count} values; give exactly that many.` });
    }
    tensors.set(name, tensor);
  }
  return { file: path, tensors };
}

/**
 * Returns the named tensor's values after checking its shape (trailing and leading 1s aside)
 * and that every value lies in [min, max]; undefined when the file does not have it.
 */
export function takeTensor(file: TensorFile | undefined, name: string, shape: readonly number[], range: { min: number; max: number }, what: string): number[] | undefined {
  const tensor = file?.tensors.get(name);
  if (file === undefined || tensor === undefined) return undefined;
  const squeeze = (dims: readonly number[]): number[] => dims.filter((dim) => dim !== 1);
  if (squeeze(tensor.shape).join(',') !== squeeze(shape).join(',')) {
    throw new InputError({ file: file.file, field: `tensors.${name}.shape`, value: tensor.shape, expected: `${what} has shape [${shape.join(', ')}]; give a tensor of that shape.` });
  }
  const bad = tensor.values.findIndex((value) => value < range.min || value > range.max);
  if (bad >= 0) {
    throw new InputError({ file: file.file, field: `tensors.${name}.values[${bad}]`, value: tensor.values[bad], expected: `${what} takes integers from ${range.min} to ${range.max}.` });
  }
  return tensor.values;
}
