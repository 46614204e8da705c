/**
 * Executes a residual add in the HAWQ-V3 manner: each input is requantized to the output format
 * with its own dyadic multiplier, the two are added one bit wider, a fused ReLU applies, and the
 * sum is clamped to the output width. Items are tiles of positions of one channel (or
 * channel-major when the plan has one group for all channels).
 */
import { ApArray } from '../../ap/array.js';
import { ColumnAllocator, sliceField, type Field } from '../../ap/field.js';
import { emitAddOut } from '../../ap/ops/arith.js';
import { emitRelu } from '../../ap/ops/basic.js';
import { emitClamp, emitRequantize, requantProductBits } from '../../ap/ops/requant.js';
import { emitted, loadValues, storeValues } from '../array-io.js';
import { requantFor, type PlanContext, type PlanTask, type TaskResult } from '../context.js';
import { StepMeter } from '../meter.js';
import { unsupportedStep } from '../plan-steps.js';

export function runResidualAdd(context: PlanContext, task: PlanTask): TaskResult {
  const { layer, plan } = context;
  const group = plan.groups[task.group];
  const shape = layer.outputShape;
  const plane = shape.height * shape.width;
  const positions = plane * context.batch;
  const tiles = Math.ceil(positions / group.rows);
  const channel = group.channel ?? Math.floor(task.firstItem / tiles);
  const firstTile = group.channel === undefined ? task.firstItem - channel * tiles : task.firstItem;
  if (firstTile + task.items > tiles) throw new Error('a residual-add task must not span two channels');
  const rows = task.items * group.rows;
  const firstPosition = firstTile * group.rows;
  const elementOfRow = (row: number): number => {
    const position = firstPosition + row;
    if (position >= positions) return -1;
    const image = Math.floor(position / plane);
    return (image * shape.channels + channel) * plane + (position - image * plane);
  };
  const out = context.precision.outputFormat;
  const [first, second] = context.inputs;
  const scales = [requantFor(context, 'input0', channel), requantFor(context, 'input1', channel)];

  const alloc = new ColumnAllocator();
  const inputs = [alloc.field(first.format.bits, first.format.signed), alloc.field(second.format.bits, second.format.signed)];
  const products = [0, 1].map((index) => {
    const format = context.inputs[index].format;
    return alloc.field(requantProductBits(format.bits, format.signed, scales[index].multiplier, scales[index].shift, out.bits), format.signed);
  });
  const sum = alloc.field(out.bits + 1, true);
  const carry = alloc.column();
  const columns = alloc.end;

  const array = new ApArray(rows, columns);
  const meter = new StepMeter(array, group.steps.length);
  const rescaled: Field[] = [];

  group.steps.forEach((step, index) => {
    switch (step.action) {
      case 'load-input0':
      case 'load-input1': {
        const which = step.action === 'load-input0' ? 0 : 1;
        const data = context.inputs[which].data;
        meter.measure(index, () => loadValues(array, inputs[which], (row) => {
          const element = elementOfRow(row);
          return element < 0 ? 0 : data[element];
        }));
        break;
      }
      case 'requantize-input0':
      case 'requantize-input1': {
        const which = step.action === 'requantize-input0' ? 0 : 1;
        let view: Field | undefined;
        const program = emitted((sink) => {
          view = emitRequantize(sink, { accumulator: inputs[which], multiplier: scales[which].multiplier, shift: scales[which].shift, bits: out.bits, signed: true, product: products[which], carry });
        });
        meter.measure(index, () => array.run(program));
        rescaled[which] = view!;
        break;
      }
      case 'add':
        meter.measure(index, () => array.run(emitted((sink) => emitAddOut(sink, { left: rescaled[0], right: rescaled[1], destination: sum, carry }))));
        break;
      case 'relu':
        meter.measure(index, () => array.run(emitted((sink) => emitRelu(sink, sum))));
        break;
      case 'clamp':
        meter.measure(index, () => array.run(emitted((sink) => emitClamp(sink, { field: sum, bits: out.bits, signed: true }))));
        break;
      case 'store': {
        const values = meter.measure(index, () => storeValues(array, sliceField(sum, 0, out.bits, true)));
        const data = context.output.data;
        for (let row = 0; row < rows; row++) {
          const element = elementOfRow(row);
          if (element >= 0) data[element] = values[row];
        }
        break;
      }
      default:
        unsupportedStep(step, layer.name, 'residual-add');
    }
  });

  return { task, steps: meter.tallies, columns };
}
