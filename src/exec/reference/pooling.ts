/**
 * Reference pooling on onnxruntime. MaxPool runs on int8 or uint8 up to 8 bits and on float64
 * above (exact for integers below 2^53). The window sums of average pooling come from a
 * depthwise ConvInteger with a kernel of ones (padding adds 0), or from a ReduceSum over height
 * and width for a global pool.
 */
import type { ResolvedLayer } from '../../network/types.js';
import type { IntTensor } from '../tensor.js';
import { splitDigits } from './digits.js';
import { runGraph } from './onnx-graph.js';

/** Returns the max-pooled tensor values (NCHW). */
export async function referenceMaxPool(layer: ResolvedLayer, input: IntTensor): Promise<Float64Array> {
  if (layer.kind !== 'maxpool') throw new Error(`${layer.name} is not a max pool`);
  const { bits, signed } = input.format;
  let type: 'int8' | 'uint8' | 'float64' = 'float64';
  let data: Int8Array | Uint8Array | Float64Array = input.data;
  if (bits <= 8 && signed) {
    type = 'int8';
    data = Int8Array.from(input.data);
  } else if (bits <= 8) {
    type = 'uint8';
    data = Uint8Array.from(input.data);
  }
  const { values } = await runGraph(
    [{ op: 'MaxPool', inputs: ['x'], output: 'y', attributes: { kernel_shape: layer.kernel, strides: layer.stride, pads: layer.padding, dilations: layer.dilation, ceil_mode: layer.ceilMode ? 1 : 0 } }],
    [{ name: 'x', type, dims: [...input.shape], data }],
    { name: 'y', type },
  );
  return values;
}

/**
 * Returns the sum of every pooling window (NCHW), padded and out-of-range positions counting 0.
 * Average pooling divides these sums afterwards.
 */
export async function referenceWindowSums(layer: ResolvedLayer, input: IntTensor): Promise<Float64Array> {
  const [batch, channels, height, width] = input.shape;
  const out = layer.outputShape;
  if (layer.kind === 'globalavgpool' || (layer.kind === 'adaptiveavgpool' && out.height === 1 && out.width === 1)) {
    const data = BigInt64Array.from(input.data, (value) => BigInt(value));
    const { values } = await runGraph(
      [{ op: 'ReduceSum', inputs: ['x'], output: 'y', attributes: { axes: [2, 3], keepdims: 1 } }],
      [{ name: 'x', type: 'int64', dims: [batch, channels, height, width], data }],
      { name: 'y', type: 'int64' },
      12,
    );
    return values;
  }

  let kernel: [number, number];
  let stride: [number, number];
  let pads: [number, number, number, number] = [0, 0, 0, 0];
  if (layer.kind === 'avgpool') {
    kernel = layer.kernel;
    stride = layer.stride;
    pads = [...layer.padding];
  } else if (layer.kind === 'adaptiveavgpool') {
    kernel = [height / out.height, width / out.width];
    stride = kernel;
  } else {
    throw new Error(`${layer.name} is not an average pool`);
  }
  // Ceil mode keeps a last window that runs past the input: pad the end so that a floor-mode
  // convolution produces it too.
  pads[2] = Math.max(pads[2], (out.height - 1) * stride[0] + kernel[0] - height - pads[0]);
  pads[3] = Math.max(pads[3], (out.width - 1) * stride[1] + kernel[1] - width - pads[1]);

  const ones = new Uint8Array(channels * kernel[0] * kernel[1]).fill(1);
  let total: Float64Array | undefined;
  let dims: number[] = [];
  for (const digit of splitDigits(input.data, input.format)) {
    const result = await runGraph(
      [{ op: 'ConvInteger', inputs: ['x', 'w'], output: 'y', attributes: { kernel_shape: kernel, strides: stride, pads, group: channels } }],
      [
        { name: 'x', type: digit.type, dims: [batch, channels, height, width], data: digit.data },
        { name: 'w', type: 'uint8', dims: [channels, 1, kernel[0], kernel[1]], data: ones },
      ],
      { name: 'y', type: 'int32' },
    );
    dims = result.dims;
    if (total === undefined) total = new Float64Array(result.values.length);
    for (let index = 0; index < total.length; index++) total[index] += result.values[index] * digit.scale;
  }
  return cropSpatial(total!, dims, out.height, out.width);
}

/** Keeps the first `height` × `width` outputs of each plane (a padded end may add one more row or column). */
function cropSpatial(values: Float64Array, dims: number[], height: number, width: number): Float64Array {
  const [batch, channels, fullHeight, fullWidth] = dims;
  if (fullHeight === height && fullWidth === width) return values;
  const cropped = new Float64Array(batch * channels * height * width);
  for (let plane = 0; plane < batch * channels; plane++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) cropped[(plane * height + y) * width + x] = values[(plane * fullHeight + y) * fullWidth + x];
    }
  }
  return cropped;
}
