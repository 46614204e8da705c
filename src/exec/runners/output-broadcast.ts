/**
 * Executes an output-broadcast GEMM group: one output position per row, every nonzero weight
 * broadcast as a constant (acc ← acc + x · w), then the output steps. The items of a group are
 * the position tiles of one output channel; a task stacks some of them in one array.
 */
import { ApArray } from '../../ap/array.js';
import { ColumnAllocator, makeField, type Field } from '../../ap/field.js';
import type { Program } from '../../ap/instructions.js';
import { constantProductBits, emitMultiplyConstantAccumulate } from '../../ap/ops/multiply.js';
import { emitted, loadField } from '../array-io.js';
import type { PlanContext, PlanTask, TaskResult } from '../context.js';
import { gemmGeometry } from '../geometry.js';
import { StepMeter } from '../meter.js';
import { requireStep, unsupportedStep } from '../plan-steps.js';
import { gemmOutputLayout, initAccumulatorProgram, runGemmOutputStep } from './gemm-output.js';
import { tapPlanes } from './tap-planes.js';

/** Programs of acc ← acc + x · w by layout and weight; every channel of a layer reuses them. */
const macPrograms = new Map<string, Program>();

function macProgram(accumulator: Field, activation: Field, productOffset: number, carry: number, weight: number): Program {
  const key = `${accumulator.offset}|${accumulator.bits}|${activation.offset}|${activation.bits}|${activation.signed}|${productOffset}|${carry}|${weight}`;
  let program = macPrograms.get(key);
  if (program === undefined) {
    const constant = BigInt(weight);
    const product = makeField(productOffset, constantProductBits(activation.bits, activation.signed, constant), true);
    program = emitted((sink) => emitMultiplyConstantAccumulate(sink, { source: activation, constant, accumulator, product, carry }));
    if (macPrograms.size > 65536) macPrograms.clear();
    macPrograms.set(key, program);
  }
  return program;
}

export function runOutputBroadcast(context: PlanContext, task: PlanTask): TaskResult {
  const { layer, precision, plan } = context;
  const gemm = precision.gemm!;
  const group = plan.groups[task.group];
  const geometry = gemmGeometry(layer, context.batch);
  const channel = group.channel;
  if (channel === undefined || context.weights === undefined) throw new Error(`${layer.name}: output-broadcast runs only with known weights (one group per channel)`);
  const convGroup = Math.floor(channel / geometry.outChannelsPerGroup);
  const weights = context.weights.subarray(channel * geometry.terms, (channel + 1) * geometry.terms);
  const rows = task.items * group.rows;
  const firstPosition = task.firstItem * group.rows;

  // Layout: the accumulator, then the multiply-accumulate scratch, which the output steps reuse.
  const alloc = new ColumnAllocator();
  const accumulator = alloc.field(gemm.accBits, true);
  const scratchStart = alloc.end;
  const activation = alloc.field(gemm.actBits, gemm.actSigned);
  let productBits = 1;
  for (const weight of weights) if (weight !== 0) productBits = Math.max(productBits, constantProductBits(gemm.actBits, gemm.actSigned, BigInt(weight)));
  const productOffset = alloc.field(productBits).offset;
  const carry = alloc.column();
  const output = gemmOutputLayout(context, channel, accumulator, scratchStart);
  const columns = Math.max(alloc.end, output.columns);

  const array = new ApArray(rows, columns);
  const meter = new StepMeter(array, group.steps.length);
  const loadStep = requireStep(group, 'load-activation', layer.name);
  const macStep = requireStep(group, 'multiply-accumulate', layer.name);
  let result: Field = accumulator;

  group.steps.forEach((step, index) => {
    switch (step.action) {
      case 'init-accumulator': {
        const program = initAccumulatorProgram(context, channel, accumulator);
        meter.measure(index, () => array.run(program));
        break;
      }
      case 'load-activation': {
        // Each nonzero weight's load is followed by its multiply-accumulate; zero weights are skipped.
        const planes = tapPlanes(context, convGroup, firstPosition, rows, geometry);
        for (let tap = 0; tap < geometry.terms; tap++) {
          const weight = weights[tap];
          if (weight === 0) continue;
          meter.measure(loadStep, () => loadField(array, activation, planes(tap)));
          meter.measure(macStep, () => array.run(macProgram(accumulator, activation, productOffset, carry, weight)));
        }
        break;
      }
      case 'multiply-accumulate':
        // Runs interleaved with the loads above.
        break;
      default:
        if (!runGemmOutputStep(context, step, index, { array, meter, output, channel, firstPosition, positionOfRow: (row) => row, current: () => result, update: (field) => (result = field) })) {
          unsupportedStep(step, layer.name, 'output-broadcast');
        }
    }
  });

  return { task, steps: meter.tallies, columns };
}
