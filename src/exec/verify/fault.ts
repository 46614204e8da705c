/**
 * Deliberate corruption of one engine output, so that a test (or a user checking the checker)
 * can see `verify` catch a wrong bit.
 */
import type { IntTensor } from '../tensor.js';
import { InputError } from '../../util/errors.js';

export interface OutputFault {
  layer: string;
  /** Flat NCHW index of the output value. */
  element: number;
  /** Bit of the value's encoding to flip (0 is the least significant). */
  bit: number;
}

/** Flips one bit of one value's two's complement (or unsigned) encoding in place. */
export function flipOutputBit(tensor: IntTensor, fault: OutputFault): void {
  const { bits, signed } = tensor.format;
  if (!Number.isInteger(fault.element) || fault.element < 0 || fault.element >= tensor.data.length) {
    throw new InputError({ field: 'fault element', value: fault.element, expected: `Give an output index from 0 to ${tensor.data.length - 1}.` });
  }
  if (!Number.isInteger(fault.bit) || fault.bit < 0 || fault.bit >= bits) {
    throw new InputError({ field: 'fault bit', value: fault.bit, expected: `The output of ${fault.layer} has ${bits} bits; give a bit from 0 to ${bits - 1}.` });
  }
  const pattern = BigInt.asUintN(bits, BigInt(tensor.data[fault.element])) ^ (1n << BigInt(fault.bit));
  tensor.data[fault.element] = Number(signed ? BigInt.asIntN(bits, pattern) : pattern);
}

/** Parses `LAYER:ELEMENT:BIT`. */
export function parseFault(text: string): OutputFault {
  const match = /^(.+):(\d+):(\d+)$/.exec(text);
  if (match === null) throw new InputError({ field: '--flip-output-bit', value: text, expected: 'Give LAYER:ELEMENT:BIT, for example layer1.0.conv1:0:3.' });
  return { layer: match[1], element: Number(match[2]), bit: Number(match[3]) };
}
