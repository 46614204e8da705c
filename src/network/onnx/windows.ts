/** Kernel, stride, dilation and padding attributes of ONNX Conv and pooling nodes. */
import type { Padding4, Pair, TensorShape } from '../types.js';
import type { NodeAttributes } from './attributes.js';

/** A problem with one node; the importer adds the node's index, name and op type to the message. */
export class ConversionError extends Error {}

export function toPairAttribute(values: number[], name: string): Pair {
  if (values.length !== 2) {
    throw new ConversionError(`attribute ${name} has ${values.length} values [${values.join(', ')}], but bitfluid supports 2-D (N×C×H×W) ops only, with 2 values.`);
  }
  return [values[0], values[1]];
}

/**
 * Padding [top, left, bottom, right] from `auto_pad` and `pads`. ONNX `pads` lists the starts of
 * both spatial axes, then the ends, which is the same order. SAME_UPPER and SAME_LOWER pad so that
 * out = ceil(in / stride), putting the odd pixel at the end (UPPER) or the start (LOWER).
 */
export function readPadding(attributes: NodeAttributes, kernel: Pair, stride: Pair, dilation: Pair, input: TensorShape): Padding4 {
  const autoPad = attributes.string('auto_pad', 'NOTSET');

  switch (autoPad) {
    case 'NOTSET': {
      const pads = attributes.ints('pads', [0, 0, 0, 0]);
      if (pads.length !== 4) {
        throw new ConversionError(`attribute pads has ${pads.length} values [${pads.join(', ')}], but a 2-D op needs 4: [top, left, bottom, right].`);
      }
      return [pads[0], pads[1], pads[2], pads[3]];
    }
    case 'VALID':
      return [0, 0, 0, 0];
    case 'SAME_UPPER':
    case 'SAME_LOWER': {
      const sizes = [input.height, input.width];
      const before: number[] = [];
      const after: number[] = [];
      for (let axis = 0; axis < 2; axis++) {
        const output = Math.ceil(sizes[axis] / stride[axis]);
        const total = Math.max(0, (output - 1) * stride[axis] + (kernel[axis] - 1) * dilation[axis] + 1 - sizes[axis]);
        const start = autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : Math.ceil(total / 2);
        before.push(start);
        after.push(total - start);
      }
      return [before[0], before[1], after[0], after[1]];
    }
    default:
      throw new ConversionError(`attribute auto_pad is "${autoPad}"; expected NOTSET, VALID, SAME_UPPER or SAME_LOWER.`);
  }
}
