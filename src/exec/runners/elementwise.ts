/**
 * Executes the elementwise plans: the requantization of a conv or fc input, and a ReLU or clip
 * that is not fused into its producer. Item i covers elements i·R .. i·R + R − 1 of the tensor
 * in NCHW order; a task stacks consecutive items.
 */
import { ApArray } from '../../ap/array.js';
import { ColumnAllocator, type Field } from '../../ap/field.js';
import { emitRelu, emitSet } from '../../ap/ops/basic.js';
import { emitMinMax } from '../../ap/ops/compare.js';
import { emitRequantize, requantProductBits } from '../../ap/ops/requant.js';
import type { ResolvedLayer } from '../../network/types.js';
import { emitted, loadValues, storeValues } from '../array-io.js';
import { requantFor, type PlanContext, type PlanTask, type TaskResult } from '../context.js';
import { StepMeter } from '../meter.js';
import { unsupportedStep } from '../plan-steps.js';
import { formatRange } from '../tensor.js';

/** Integer codes of a clip's bounds: the real bounds read as codes of the input format, clamped to its range. */
export function clipBounds(layer: ResolvedLayer, format: { bits: number; signed: boolean }): { low: number; high: number } {
  if (layer.kind !== 'clip') throw new Error(`${layer.name} is not a clip`);
  const range = formatRange(format);
  const low = Number.isFinite(layer.min) ? Math.min(range.max, Math.max(range.min, Math.ceil(layer.min))) : range.min;
  const high = Number.isFinite(layer.max) ? Math.min(range.max, Math.max(range.min, Math.floor(layer.max))) : range.max;
  return { low, high };
}

export function runElementwise(context: PlanContext, task: PlanTask): TaskResult {
  const { layer, plan } = context;
  const group = plan.groups[task.group];
  const input = context.inputs[0];
  const format = input.format;
  const rows = task.items * group.rows;
  const firstElement = task.firstItem * group.rows;
  const elements = input.data.length;
  const valueOfRow = (row: number): number => (firstElement + row < elements ? input.data[firstElement + row] : 0);

  const alloc = new ColumnAllocator();
  const value = alloc.field(format.bits, format.signed);
  let product: Field | undefined;
  let requant: { multiplier: bigint; shift: number } | undefined;
  if (context.role === 'input-requant') {
    requant = requantFor(context, 'input0', 0);
    product = alloc.field(requantProductBits(format.bits, format.signed, requant.multiplier, requant.shift, context.output.format.bits), format.signed);
  }
  const bound = layer.kind === 'clip' && context.role === 'main' ? alloc.field(format.bits, format.signed) : undefined;
  const carry = alloc.column();
  const scratch = alloc.column();
  const columns = alloc.end;

  const array = new ApArray(rows, columns);
  const meter = new StepMeter(array, group.steps.length);
  let result: Field = value;
  const bounds = layer.kind === 'clip' ? clipBounds(layer, format) : undefined;

  group.steps.forEach((step, index) => {
    switch (step.action) {
      case 'load-input0':
        meter.measure(index, () => loadValues(array, value, valueOfRow));
        break;
      case 'requantize-input0': {
        if (requant === undefined || product === undefined) throw new Error(`${layer.name}: a requantization step outside an input requantization plan`);
        const out = context.output.format;
        let view: Field | undefined;
        const program = emitted((sink) => {
          view = emitRequantize(sink, { accumulator: value, multiplier: requant!.multiplier, shift: requant!.shift, bits: out.bits, signed: out.signed, product: product!, carry });
        });
        meter.measure(index, () => array.run(program));
        result = view!;
        break;
      }
      case 'relu':
        meter.measure(index, () => array.run(emitted((sink) => emitRelu(sink, value))));
        break;
      case 'set-lower-bound':
      case 'set-upper-bound': {
        const code = step.action === 'set-lower-bound' ? bounds!.low : bounds!.high;
        meter.measure(index, () => array.run(emitted((sink) => emitSet(sink, bound!, BigInt(code)))));
        break;
      }
      case 'max-lower-bound':
      case 'min-upper-bound': {
        const kind = step.action === 'max-lower-bound' ? 'max' : 'min';
        meter.measure(index, () => array.run(emitted((sink) => emitMinMax(sink, { destination: value, source: bound!, kind, flag: carry, scratch }))));
        break;
      }
      case 'store': {
        const values = meter.measure(index, () => storeValues(array, result));
        const data = context.output.data;
        for (let row = 0; row < rows && firstElement + row < elements; row++) data[firstElement + row] = values[row];
        break;
      }
      default:
        unsupportedStep(step, layer.name, 'elementwise');
    }
  });

  return { task, steps: meter.tallies, columns };
}
