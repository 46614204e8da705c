/**
 * A problem found in one layer while resolving a network. The caller that knows where the layer
 * came from (a file and index, or an ONNX node) turns it into an `InputError`.
 */
export class LayerError extends Error {
  /** Field of the layer that is wrong, for example `kernel`; absent for the layer as a whole. */
  readonly field?: string;
  readonly value?: unknown;
  readonly hasValue: boolean;

  constructor(message: string, details: { field?: string; value?: unknown } = {}) {
    super(message);
    this.name = 'LayerError';
    this.field = details.field;
    this.hasValue = 'value' in details;
    this.value = details.value;
  }
}
