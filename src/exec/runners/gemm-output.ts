/**
 * The output steps shared by both GEMM strategies: requantize the accumulator (unless the
 * consumer takes it raw), a fused ReLU, and the store of the results.
 */
import type { ApArray } from '../../ap/array.js';
import { makeField, type Field } from '../../ap/field.js';
import type { Program } from '../../ap/instructions.js';
import { emitClear, emitRelu, emitSet } from '../../ap/ops/basic.js';
import { emitRequantize, requantProductBits } from '../../ap/ops/requant.js';
import type { PlanStep } from '../../mapping/types.js';
import { cachedProgram, emitted, fieldKey, storeValues } from '../array-io.js';
import { requantFor, type PlanContext } from '../context.js';
import { gemmGeometry } from '../geometry.js';
import type { StepMeter } from '../meter.js';

/**
 * Returns the program of a GEMM item's first step: the accumulator starts at the channel's bias,
 * or at 0 when the layer has none. Both cost one all-row write.
 */
export function initAccumulatorProgram(context: PlanContext, channel: number, accumulator: Field): Program {
  const bias = context.bias;
  if (bias) return emitted((sink) => emitSet(sink, accumulator, BigInt(bias[channel])));
  return cachedProgram(`clear|${fieldKey(accumulator)}`, (sink) => emitClear(sink, accumulator));
}

export interface GemmOutputLayout {
  requant?: { multiplier: bigint; shift: number; product: Field; carry: number };
  /** Columns the output steps need. */
  columns: number;
}

/**
 * Lays out the requantization scratch from `scratchStart` on, over the columns the sum no longer
 * needs: a product field exactly as wide as `countOp` of the requantization assumes, then a carry.
 */
export function gemmOutputLayout(context: PlanContext, channel: number, accumulator: Field, scratchStart: number): GemmOutputLayout {
  const gemm = context.precision.gemm!;
  if (!gemm.requantizesOutput) return { columns: scratchStart };
  const out = context.precision.outputFormat;
  const { multiplier, shift } = requantFor(context, 'output', channel);
  const bits = requantProductBits(accumulator.bits, true, multiplier, shift, out.bits);
  const product = makeField(scratchStart, bits, true);
  return { requant: { multiplier, shift, product, carry: scratchStart + bits }, columns: scratchStart + bits + 1 };
}

export interface GemmOutputState {
  array: ApArray;
  meter: StepMeter;
  output: GemmOutputLayout;
  channel: number;
  /** Position of the task's first output row. */
  firstPosition: number;
  /** Returns the output position of a row relative to `firstPosition`, or −1 for a row without an output. */
  positionOfRow(row: number): number;
  /** The field of the result so far (the accumulator, then the requantized view). */
  current(): Field;
  update(field: Field): void;
}

/** Runs one output step; returns false when the step is not an output step. */
export function runGemmOutputStep(context: PlanContext, step: PlanStep, index: number, state: GemmOutputState): boolean {
  const { array, meter } = state;
  const out = context.precision.outputFormat;
  switch (step.action) {
    case 'requantize': {
      const requant = state.output.requant;
      if (requant === undefined) throw new Error(`${context.layer.name}: the plan requantizes an output the precision plan keeps raw`);
      const accumulator = state.current();
      const options = { accumulator, multiplier: requant.multiplier, shift: requant.shift, bits: out.bits, signed: out.signed, product: requant.product, carry: requant.carry };
      const key = `requantize|${fieldKey(accumulator)}|${fieldKey(requant.product)}|${requant.carry}|${requant.multiplier}|${requant.shift}|${out.bits}|${out.signed}`;
      const program = cachedProgram(key, (sink) => emitRequantize(sink, options));
      meter.measure(index, () => array.run(program));
      // The requantized value is the output-width view of the product starting at bit C.
      state.update(makeField(requant.product.offset + requant.shift, out.bits, out.signed));
      return true;
    }
    case 'relu':
      meter.measure(index, () => array.run(emitted((sink) => emitRelu(sink, state.current()))));
      return true;
    case 'store': {
      const values = meter.measure(index, () => storeValues(array, state.current()));
      writeOutputs(context, state, values);
      return true;
    }
    default:
      return false;
  }
}

function writeOutputs(context: PlanContext, state: GemmOutputState, values: Float64Array): void {
  const geometry = gemmGeometry(context.layer, context.batch);
  const data = context.output.data;
  for (let row = 0; row < values.length; row++) {
    const local = state.positionOfRow(row);
    if (local < 0) continue;
    const position = state.firstPosition + local;
    if (position >= geometry.positions) continue;
    data[geometry.outputIndex(state.channel, position)] = values[row];
  }
}
