/**
 * Executes a pooling plan: one pooled output per row, the window's values loaded one after
 * another. Max pooling keeps a running maximum (padding loads the format's minimum); average
 * pooling adds into a sum (padding loads 0) and divides by the window size with the dyadic
 * reciprocal of `averageDivisor`. Item i covers outputs i·R .. i·R + R − 1 in NCHW order.
 */
import { ApArray } from '../../ap/array.js';
import { ColumnAllocator, type Field } from '../../ap/field.js';
import { emitAdd } from '../../ap/ops/arith.js';
import { emitClear } from '../../ap/ops/basic.js';
import { emitMinMax } from '../../ap/ops/compare.js';
import { emitRequantize, requantProductBits } from '../../ap/ops/requant.js';
import { averageDivisor } from '../../mapping/pooling.js';
import { emitted, loadValues, storeValues } from '../array-io.js';
import type { PlanContext, PlanTask, TaskResult } from '../context.js';
import { poolGeometry } from '../geometry.js';
import { StepMeter } from '../meter.js';
import { unsupportedStep } from '../plan-steps.js';
import { formatRange } from '../tensor.js';

/** Width of an average pool's running sum: as the planner sizes it. */
export function poolSumBits(bits: number, signed: boolean, windowSize: number): number {
  return bits + Math.ceil(Math.log2(windowSize)) + (signed ? 0 : 1);
}

export function runPooling(context: PlanContext, task: PlanTask): TaskResult {
  const { layer, plan } = context;
  const group = plan.groups[task.group];
  const input = context.inputs[0];
  const format = input.format;
  const geometry = poolGeometry(layer);
  const rows = task.items * group.rows;
  const firstOutput = task.firstItem * group.rows;
  const outputs = context.output.data.length;
  const isMax = layer.kind === 'maxpool';
  const padding = isMax ? formatRange(format).min : 0;
  const valueOf = (tap: number) => (row: number): number => {
    const output = firstOutput + row;
    if (output >= outputs) return 0;
    const index = geometry.inputIndex(output, tap);
    return index < 0 ? padding : input.data[index];
  };

  const alloc = new ColumnAllocator();
  const sumBits = poolSumBits(format.bits, format.signed, geometry.windowSize);
  // NOTE: the divisor is the full window even for `countIncludePad: false`, as the planner prices
  // it, so such a pool's border outputs differ from the network's definition.
  const divisor = averageDivisor(geometry.windowSize);
  const running = isMax ? alloc.field(format.bits, format.signed) : alloc.field(sumBits, true);
  const loaded = alloc.field(format.bits, format.signed);
  const product = isMax ? undefined : alloc.field(requantProductBits(sumBits, true, divisor.multiplier, divisor.shift, format.bits), true);
  const carry = alloc.column();
  const scratch = alloc.column();
  const columns = alloc.end;

  const array = new ApArray(rows, columns);
  const meter = new StepMeter(array, group.steps.length);
  const windowIndex = (action: string): number => group.steps.findIndex((step) => step.action === action);
  let result: Field = running;

  group.steps.forEach((step, index) => {
    switch (step.action) {
      case 'load-window-first':
        meter.measure(index, () => loadValues(array, running, valueOf(0)));
        break;
      case 'load-window-next': {
        const maxStep = windowIndex('max');
        const program = emitted((sink) => emitMinMax(sink, { destination: running, source: loaded, kind: 'max', flag: carry, scratch }));
        for (let tap = 1; tap < geometry.windowSize; tap++) {
          meter.measure(index, () => loadValues(array, loaded, valueOf(tap)));
          meter.measure(maxStep, () => array.run(program));
        }
        break;
      }
      case 'clear-sum':
        meter.measure(index, () => array.run(emitted((sink) => emitClear(sink, running))));
        break;
      case 'load-window': {
        const addStep = windowIndex('add-window');
        const program = emitted((sink) => emitAdd(sink, { source: loaded, destination: running, carry }));
        for (let tap = 0; tap < geometry.windowSize; tap++) {
          meter.measure(index, () => loadValues(array, loaded, valueOf(tap)));
          meter.measure(addStep, () => array.run(program));
        }
        break;
      }
      case 'max':
      case 'add-window':
        // Run interleaved with the loads above.
        break;
      case 'divide': {
        let view: Field | undefined;
        const program = emitted((sink) => {
          view = emitRequantize(sink, { accumulator: running, multiplier: divisor.multiplier, shift: divisor.shift, bits: format.bits, signed: format.signed, product: product!, carry });
        });
        meter.measure(index, () => array.run(program));
        result = view!;
        break;
      }
      case 'store': {
        const values = meter.measure(index, () => storeValues(array, result));
        const data = context.output.data;
        for (let row = 0; row < rows && firstOutput + row < outputs; row++) data[firstOutput + row] = values[row];
        break;
      }
      default:
        unsupportedStep(step, layer.name, 'pooling');
    }
  });

  return { task, steps: meter.tallies, columns };
}
