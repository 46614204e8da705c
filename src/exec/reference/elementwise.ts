/**
 * Reference residual add, ReLU and clip on onnxruntime, on int64 (int32 for Relu, which the CPU
 * provider has no int64 kernel for) so that no value wraps.
 */
import type { GraphInput, GraphNode } from './onnx-graph.js';
import { runGraph } from './onnx-graph.js';

function int64Input(name: string, values: ArrayLike<number>, dims: number[]): GraphInput {
  return { name, type: 'int64', dims, data: BigInt64Array.from(Array.from(values, (value) => BigInt(value))) };
}

/** Returns clamp(relu?(a + b), low, high) computed by Add, Max and Clip. */
export async function referenceAddClamp(first: ArrayLike<number>, second: ArrayLike<number>, dims: number[], relu: boolean, low: number, high: number): Promise<Float64Array> {
  const nodes: GraphNode[] = [{ op: 'Add', inputs: ['a', 'b'], output: 'sum' }];
  let last = 'sum';
  if (relu) {
    nodes.push({ op: 'Max', inputs: ['sum', 'zero'], output: 'relu' });
    last = 'relu';
  }
  nodes.push({ op: 'Clip', inputs: [last, 'low', 'high'], output: 'y' });
  const inputs = [int64Input('a', first, dims), int64Input('b', second, dims), int64Input('low', [low], []), int64Input('high', [high], [])];
  if (relu) inputs.push(int64Input('zero', [0], []));
  return (await runGraph(nodes, inputs, { name: 'y', type: 'int64' })).values;
}

/** Returns max(x, 0) computed by Relu on int32 (the formats of ReLU layers are at most 32 bits). */
export async function referenceRelu(values: ArrayLike<number>, dims: number[]): Promise<Float64Array> {
  const data = Int32Array.from(values);
  return (await runGraph([{ op: 'Relu', inputs: ['x'], output: 'y' }], [{ name: 'x', type: 'int32', dims, data }], { name: 'y', type: 'int32' }, 14)).values;
}

/** Returns clamp(x, low, high) computed by Clip on int64. */
export async function referenceClip(values: ArrayLike<number>, dims: number[], low: number, high: number): Promise<Float64Array> {
  const inputs = [int64Input('x', values, dims), int64Input('low', [low], []), int64Input('high', [high], [])];
  return (await runGraph([{ op: 'Clip', inputs: ['x', 'low', 'high'], output: 'y' }], inputs, { name: 'y', type: 'int64' })).values;
}
