import { countOp } from '../ap/count.js';
import type { ResolvedLayer, TensorShape } from '../network/types.js';
import { columnTransferCount, expectedRequantCount, requantCount, requantScratchColumns } from './expected-counts.js';
import { requantKey, type MappingOptions, type MappingTarget, type RequantSlot } from './options.js';
import type { LayerPrecisionPlan, TensorFormat } from './precision-plan.js';
import type { ItemGroup, PlanStep, StepAction, WorkPlan } from './types.js';

/** Elements of a tensor for the whole batch. */
export function elementCount(shape: TensorShape, batch: number): number {
  return shape.channels * shape.height * shape.width * batch;
}

/** Splits `elements` into work items of at most `capRows` rows, balanced. */
export function tileRows(elements: number, capRows: number): { items: number; rows: number } {
  const items = Math.ceil(elements / capRows);
  return { items, rows: Math.ceil(elements / items) };
}

/** Counts of one requantization, exact when its parameters are known for this channel. */
export function requantStep(
  label: string,
  action: StepAction,
  layer: string,
  slot: RequantSlot,
  from: TensorFormat,
  to: TensorFormat,
  rows: number,
  options: MappingOptions,
  channel: number | undefined,
): PlanStep {
  // An unsigned input (for example a post-ReLU tensor) is requantized as unsigned: reading it as
  // two's complement would turn its upper half negative.
  const shape = { accBits: from.bits, accSigned: from.signed, outBits: to.bits, outSigned: to.signed };
  const known = options.requant?.get(requantKey(layer, slot));
  if (known && (channel !== undefined || known.multipliers.length === 1)) {
    const index = known.multipliers.length === 1 ? 0 : channel!;
    return { label, action, opClass: 'qdq', count: requantCount(shape, known.multipliers[index], known.shifts[index]), repeat: 1, rows, expected: false };
  }
  return { label, action, opClass: 'qdq', count: expectedRequantCount(shape), repeat: 1, rows, expected: true };
}

function loadStep(label: string, action: StepAction, bits: number, rows: number): PlanStep {
  return { label, action, opClass: 'memory', count: columnTransferCount(bits, 0), repeat: 1, rows, expected: false };
}

function storeStep(bits: number, rows: number): PlanStep {
  return { label: 'store outputs', action: 'store', opClass: 'memory', count: columnTransferCount(0, bits), repeat: 1, rows, expected: false };
}

function elementwisePlan(layer: ResolvedLayer, groups: ItemGroup[], outputBits: number, columnsPerRow: number, exact: boolean, notes: string[]): WorkPlan {
  return { layer: layer.name, kind: layer.kind, strategy: 'elementwise', groups, macs: 0, weightBits: 0, outputBits, columnsPerRow, exact, notes };
}

/**
 * Requantizes a conv or fc input whose stored format differs from the one the layer consumes
 * (for example a 16-bit residual sum feeding a 4-bit conv). One scale covers the whole tensor.
 */
export function planInputRequant(layer: ResolvedLayer, from: TensorFormat, to: TensorFormat, options: MappingOptions, target: MappingTarget): WorkPlan {
  const elements = elementCount(layer.inputShapes[0], options.batch);
  const { items, rows } = tileRows(elements, target.capRows);
  const steps = [
    loadStep('load inputs', 'load-input0', from.bits, rows),
    requantStep(`requantize input ${from.bits}→${to.bits} bits`, 'requantize-input0', layer.name, 'input0', from, to, rows, options, undefined),
    storeStep(to.bits, rows),
  ];
  const traffic = { mapToCapBits: rows * from.bits, capToMapBits: rows * to.bits, keyBits: 0 };
  return {
    ...elementwisePlan(layer, [{ items, rows, steps, traffic }], elements * to.bits, inputRequantColumns(layer.name, from, to, options), !steps[1].expected, []),
    layer: `${layer.name}:input`,
  };
}

/** Columns of an input requantization: the input, the scratch product (the output is a view into it), carry and a spare column. */
function inputRequantColumns(layer: string, from: TensorFormat, to: TensorFormat, options: MappingOptions): number {
  const shape = { accBits: from.bits, accSigned: from.signed, outBits: to.bits, outSigned: to.signed };
  return from.bits + requantScratchColumns(shape, options.requant?.get(requantKey(layer, 'input0'))) + 1;
}

/**
 * Plans a residual add in the HAWQ-V3 manner. Each input is rescaled to the output format with
 * its own per-channel dyadic multiplier. The two are added one bit wider, a fused ReLU is
 * applied, and the sum is clamped to the output width.
 * NOTE: HAWQ-V3's code does not clamp the 16-bit sum, because its scale comes from the observed
 * range and the sum normally fits. Here a sum outside the range saturates.
 */
export function planResidualAdd(layer: ResolvedLayer, plan: LayerPrecisionPlan, producerFormats: TensorFormat[], options: MappingOptions, target: MappingTarget): WorkPlan {
  const shape = layer.outputShape;
  const positions = shape.height * shape.width * options.batch;
  const { items: tiles, rows } = tileRows(positions, target.capRows);
  const out = plan.outputFormat;
  const sumBits = out.bits + 1;

  const stepsFor = (channel: number | undefined): PlanStep[] => {
    const steps: PlanStep[] = [
      loadStep('load first input', 'load-input0', producerFormats[0].bits, rows),
      loadStep('load second input', 'load-input1', producerFormats[1].bits, rows),
      requantStep('rescale first input', 'requantize-input0', layer.name, 'input0', producerFormats[0], out, rows, options, channel),
      requantStep('rescale second input', 'requantize-input1', layer.name, 'input1', producerFormats[1], out, rows, options, channel),
      { label: 'add', action: 'add', opClass: 'arithmetic', count: countOp({ op: 'addOut', aBits: out.bits, aSigned: true, bBits: out.bits, bSigned: true, bits: sumBits }), repeat: 1, rows, expected: false },
    ];
    if (plan.add?.fusedRelu) steps.push({ label: 'ReLU', action: 'relu', opClass: 'activation', count: countOp({ op: 'relu', bits: sumBits, signed: true }), repeat: 1, rows, expected: false });
    steps.push({ label: `clamp to ${out.bits} bits`, action: 'clamp', opClass: 'arithmetic', count: countOp({ op: 'clamp', bits: sumBits, signed: true, outBits: out.bits, outSigned: true }), repeat: 1, rows, expected: false });
    steps.push(storeStep(out.bits, rows));
    return steps;
  };

  const traffic = { mapToCapBits: rows * (producerFormats[0].bits + producerFormats[1].bits), capToMapBits: rows * out.bits, keyBits: 0 };
  const exact = options.requant?.has(requantKey(layer.name, 'input0')) === true && options.requant?.has(requantKey(layer.name, 'input1')) === true;
  const groups: ItemGroup[] = exact
    ? Array.from({ length: shape.channels }, (_, channel) => ({ items: tiles, rows, channel, steps: stepsFor(channel), traffic }))
    : [{ items: shape.channels * tiles, rows, steps: stepsFor(undefined), traffic }];
  // Both inputs, the scratch product of each rescaling (the rescaled value is a view into it), the sum and scratch.
  const rescaleColumns = producerFormats.map((format, index) =>
    requantScratchColumns({ accBits: format.bits, accSigned: format.signed, outBits: out.bits, outSigned: out.signed }, options.requant?.get(requantKey(layer.name, index === 0 ? 'input0' : 'input1'))),
  );
  const columns = producerFormats[0].bits + producerFormats[1].bits + rescaleColumns[0] + rescaleColumns[1] + sumBits + 2;
  return elementwisePlan(layer, groups, elementCount(shape, options.batch) * out.bits, columns, exact, [`${positions} positions per channel in ${tiles} tile(s) of ${rows} rows`]);
}

/** Plans a ReLU or clip that could not be fused into its producer: load, apply, store. */
export function planActivation(layer: ResolvedLayer, plan: LayerPrecisionPlan, options: MappingOptions, target: MappingTarget): WorkPlan {
  const format = plan.inputFormats[0];
  const elements = elementCount(layer.outputShape, options.batch);
  const { items, rows } = tileRows(elements, target.capRows);
  const steps: PlanStep[] = [loadStep('load inputs', 'load-input0', format.bits, rows)];
  const notes: string[] = [];

  if (layer.kind === 'clip') {
    // clip(x, lo, hi) = min(max(x, lo), hi) with the bounds written as constants into a field.
    const compareSpec = { aBits: format.bits, aSigned: format.signed, bBits: format.bits, bSigned: format.signed };
    steps.push({ label: 'write lower bound', action: 'set-lower-bound', opClass: 'activation', count: countOp({ op: 'clear', bits: format.bits }), repeat: 1, rows, expected: false });
    steps.push({ label: 'max with lower bound', action: 'max-lower-bound', opClass: 'activation', count: countOp({ op: 'max', ...compareSpec }), repeat: 1, rows, expected: false });
    steps.push({ label: 'write upper bound', action: 'set-upper-bound', opClass: 'activation', count: countOp({ op: 'clear', bits: format.bits }), repeat: 1, rows, expected: false });
    steps.push({ label: 'min with upper bound', action: 'min-upper-bound', opClass: 'activation', count: countOp({ op: 'min', ...compareSpec }), repeat: 1, rows, expected: false });
    notes.push('clip bounds are integer codes of the input scale; writing one costs one all-row write');
  } else {
    steps.push({ label: 'ReLU', action: 'relu', opClass: 'activation', count: countOp({ op: 'relu', bits: format.bits, signed: format.signed }), repeat: 1, rows, expected: false });
  }
  steps.push(storeStep(format.bits, rows));

  const traffic = { mapToCapBits: rows * format.bits, capToMapBits: rows * format.bits, keyBits: 0 };
  return elementwisePlan(layer, [{ items, rows, steps, traffic }], elements * format.bits, 2 * format.bits + 4, true, notes);
}
