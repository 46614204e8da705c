import { countOp } from '../ap/count.js';
import { reductionLevels } from '../ap/ops/reduce.js';
import type { ResolvedLayer } from '../network/types.js';
import {
  columnTransferCount,
  expectedMacConstCount,
  expectedRequantCount,
  macConstCount,
  requantCount,
  requantScratchColumns,
  weightedSum,
} from './expected-counts.js';
import { requantKey, type MappingOptions, type MappingTarget } from './options.js';
import type { LayerPrecisionPlan } from './precision-plan.js';
import { reductionLength } from './precision-plan.js';
import type { InfeasiblePlan, ItemGroup, PlanStep, WorkPlan } from './types.js';

/** A conv or fc layer seen as a matrix product: C_out outputs per position, K terms each. */
export interface GemmShape {
  outChannels: number;
  /** Reduction length K: input values per output. */
  terms: number;
  /** Output positions per channel for the whole batch: H_o · W_o · batch (batch for an fc). */
  positions: number;
  /** Convolution groups (1 for an fc). */
  groups: number;
  bias: boolean;
}

export function gemmShape(layer: ResolvedLayer, batch: number): GemmShape {
  const out = layer.outputShape;
  if (layer.kind === 'conv') {
    return { outChannels: out.channels, terms: reductionLength(layer), positions: out.height * out.width * batch, groups: layer.groups, bias: layer.bias };
  }
  if (layer.kind === 'fc') {
    return { outChannels: layer.outFeatures, terms: reductionLength(layer), positions: batch, groups: 1, bias: layer.bias };
  }
  throw new Error(`gemmShape: ${layer.name} is a ${layer.kind}, not a conv or fc`);
}

/** Scratch columns (carries, flags) a row reserves next to its operand fields. */
const SCRATCH_COLUMNS = 4;

/**
 * Columns the output steps need after the accumulator: the requantization's scratch product
 * and carry (the requantized output is a view into that product), or none when the accumulator
 * is stored as it is. They reuse the columns of the operands and sums, which are dead by then.
 */
function outputColumns(layer: ResolvedLayer, plan: LayerPrecisionPlan, options: MappingOptions): number {
  const gemm = plan.gemm!;
  if (!gemm.requantizesOutput) return 0;
  const shape = { accBits: gemm.accBits, outBits: plan.outputFormat.bits, outSigned: plan.outputFormat.signed };
  return requantScratchColumns(shape, options.requant?.get(requantKey(layer.name, 'output')));
}

/**
 * Steps shared by both GEMM strategies after the sum is complete: requantize the accumulator to
 * the stored format (unless the consumer takes the raw accumulator), apply a fused ReLU, and
 * store the result. With known per-channel multipliers the requantization is counted exactly.
 */
function outputSteps(layer: ResolvedLayer, plan: LayerPrecisionPlan, rows: number, options: MappingOptions, channel?: number): PlanStep[] {
  const gemm = plan.gemm!;
  const steps: PlanStep[] = [];
  const out = plan.outputFormat;

  if (gemm.requantizesOutput) {
    const known = options.requant?.get(requantKey(layer.name, 'output'));
    const shape = { accBits: gemm.accBits, outBits: out.bits, outSigned: out.signed };
    if (known && channel !== undefined) {
      const index = known.multipliers.length === 1 ? 0 : channel;
      steps.push({ label: 'requantize accumulator', action: 'requantize', opClass: 'qdq', count: requantCount(shape, known.multipliers[index], known.shifts[index]), repeat: 1, rows, expected: false });
    } else {
      steps.push({ label: 'requantize accumulator', action: 'requantize', opClass: 'qdq', count: expectedRequantCount(shape), repeat: 1, rows, expected: true });
    }
  }

  // An unsigned output range already clamps negative values to 0, which is the ReLU.
  if (gemm.fusedRelu && out.signed) {
    steps.push({ label: 'ReLU', action: 'relu', opClass: 'activation', count: countOp({ op: 'relu', bits: out.bits, signed: true }), repeat: 1, rows, expected: false });
  }

  steps.push({ label: 'store outputs', action: 'store', opClass: 'memory', count: columnTransferCount(0, out.bits), repeat: 1, rows, expected: false });
  return steps;
}

/**
 * Plans products one per row, then a 2D reduction. A group of K_c rows stores the (activation,
 * weight) pairs of one output, and a CAP runs G such groups of the same output channel. When K exceeds the
 * CAP rows the reduction runs in chunks of K_c = ceil(K / ceil(K / R)) rows whose sums add into
 * an accumulator; unused rows of a short last chunk hold zeros and cost the same passes.
 */
export function planProductReduce(
  layer: ResolvedLayer,
  plan: LayerPrecisionPlan,
  target: MappingTarget,
  options: MappingOptions,
): WorkPlan | InfeasiblePlan {
  const gemm = plan.gemm!;
  const shape = gemmShape(layer, options.batch);
  const chunks = Math.ceil(shape.terms / target.capRows);
  const chunkTerms = Math.ceil(shape.terms / chunks);
  const groupsPerCap = Math.min(Math.floor(target.capRows / chunkTerms), shape.positions);
  const rows = groupsPerCap * chunkTerms;
  const positionTiles = Math.ceil(shape.positions / groupsPerCap);

  const productBits = gemm.actBits + gemm.weightBits;
  const sumBits = productBits + reductionLevels(chunkTerms);
  const columnsPerRow = gemm.accBits + Math.max(gemm.actBits + gemm.weightBits + 2 * sumBits + SCRATCH_COLUMNS, outputColumns(layer, plan, options));
  if (columnsPerRow > target.capColumns) {
    return { layer: layer.name, strategy: 'product-reduce', reason: `a row needs ${columnsPerRow} columns (${gemm.accBits}-bit accumulator, then operands and two ${sumBits}-bit sums or the requantization product) but a CAP row has ${target.capColumns}` };
  }

  const chunkSteps: PlanStep[] = [
    { label: 'load activations and weights', action: 'load-operands', opClass: 'memory', count: columnTransferCount(gemm.actBits + gemm.weightBits, 0), repeat: chunks, rows, expected: false },
    {
      label: `multiply ${gemm.actBits}×${gemm.weightBits} bits`,
      action: 'multiply',
      opClass: 'gemm',
      count: countOp({ op: 'mul', aBits: gemm.actBits, aSigned: gemm.actSigned, bBits: gemm.weightBits, bSigned: true, bits: sumBits }),
      repeat: chunks,
      rows,
      expected: false,
    },
    { label: `reduce ${chunkTerms} terms (2D)`, action: 'reduce', opClass: 'gemm', count: countOp({ op: 'reduce2d', terms: chunkTerms, bits: sumBits }), repeat: chunks, rows, expected: false },
    { label: 'accumulate chunk sum', action: 'accumulate', opClass: 'gemm', count: countOp({ op: 'add', aBits: sumBits, aSigned: true, bBits: gemm.accBits }), repeat: chunks, rows, expected: false },
  ];
  const initStep: PlanStep = { label: shape.bias ? 'load bias into accumulator' : 'clear accumulator', action: 'init-accumulator', opClass: 'gemm', count: countOp({ op: 'clear', bits: gemm.accBits }), repeat: 1, rows, expected: false };

  const traffic = { mapToCapBits: rows * (gemm.actBits + gemm.weightBits) * chunks, capToMapBits: groupsPerCap * plan.outputFormat.bits, keyBits: 0 };
  const exactRequant = options.requant?.has(requantKey(layer.name, 'output')) ?? false;
  const groups: ItemGroup[] = exactRequant
    ? Array.from({ length: shape.outChannels }, (_, channel) => ({
        items: positionTiles,
        rows,
        channel,
        steps: [initStep, ...chunkSteps, ...outputSteps(layer, plan, rows, options, channel)],
        traffic,
      }))
    : [{ items: shape.outChannels * positionTiles, rows, steps: [initStep, ...chunkSteps, ...outputSteps(layer, plan, rows, options)], traffic }];

  const notes = [`K = ${shape.terms} terms in ${chunks} chunk(s) of ${chunkTerms} rows; ${groupsPerCap} output(s) per CAP`];
  if (groupsPerCap * positionTiles > shape.positions) notes.push(`last position tile of each channel is partly empty (${shape.positions} positions in tiles of ${groupsPerCap})`);

  return {
    layer: layer.name,
    kind: layer.kind,
    strategy: 'product-reduce',
    groups,
    macs: layer.macs * options.batch,
    weightBits: weightCount(shape) * gemm.weightBits,
    outputBits: shape.outChannels * shape.positions * plan.outputFormat.bits,
    columnsPerRow,
    exact: requantIsExact(plan, exactRequant),
    notes,
  };
}

/**
 * Plans outputs one per row with every weight broadcast as a constant key. A work item covers up
 * to R positions of one output channel. For each of the K taps it loads the activation column
 * and runs acc ← acc + a · w, whose passes depend on w's nonzero digits. Zero weights are skipped,
 * load included. Items of one channel run the same program, so CAPs never need to share keys.
 */
export function planOutputBroadcast(
  layer: ResolvedLayer,
  plan: LayerPrecisionPlan,
  target: MappingTarget,
  options: MappingOptions,
): WorkPlan | InfeasiblePlan {
  const gemm = plan.gemm!;
  const shape = gemmShape(layer, options.batch);
  const positionTiles = Math.ceil(shape.positions / target.capRows);
  const rows = Math.ceil(shape.positions / positionTiles);

  // Widest product of x · w: an unsigned x times w = −2^(m_w − 1) (see `constantProductBits`).
  const productBits = gemm.actBits + gemm.weightBits + 2;
  const columnsPerRow = gemm.accBits + Math.max(gemm.actBits + productBits + SCRATCH_COLUMNS, outputColumns(layer, plan, options));
  if (columnsPerRow > target.capColumns) {
    return { layer: layer.name, strategy: 'output-broadcast', reason: `a row needs ${columnsPerRow} columns but a CAP row has ${target.capColumns}` };
  }

  const macShape = { xBits: gemm.actBits, xSigned: gemm.actSigned, weightBits: gemm.weightBits, accBits: gemm.accBits };
  const initStep: PlanStep = { label: shape.bias ? 'load bias into accumulator' : 'clear accumulator', action: 'init-accumulator', opClass: 'gemm', count: countOp({ op: 'clear', bits: gemm.accBits }), repeat: 1, rows, expected: false };
  const loadCount = columnTransferCount(gemm.actBits, 0);
  const weights = options.weights?.get(layer.name);
  const exactRequant = options.requant?.has(requantKey(layer.name, 'output')) ?? false;
  const notes = [`${shape.positions} positions per channel in ${positionTiles} tile(s) of ${rows} rows; ${shape.terms} broadcast weights per output`];

  let groups: ItemGroup[];
  if (weights) {
    if (weights.length !== shape.outChannels * shape.terms) {
      throw new Error(`weights of ${layer.name}: expected ${shape.outChannels * shape.terms} values (C_out × K), got ${weights.length}`);
    }
    groups = [];
    for (let channel = 0; channel < shape.outChannels; channel++) {
      // Count each distinct weight once, times its multiplicity: a large fc has thousands of taps
      // per channel but at most 2^m_w distinct codes.
      const multiplicity = new Map<number, number>();
      let nonzero = 0;
      for (let tap = 0; tap < shape.terms; tap++) {
        const weight = weights[channel * shape.terms + tap];
        if (weight === 0) continue;
        nonzero++;
        multiplicity.set(weight, (multiplicity.get(weight) ?? 0) + 1);
      }
      const counts = [...multiplicity].map(([weight, times]) => ({ count: macConstCount(macShape, weight), weight: times }));
      const steps: PlanStep[] = [
        initStep,
        { label: 'load activation column', action: 'load-activation', opClass: 'memory', count: loadCount, repeat: nonzero, rows, expected: false },
        { label: `multiply-accumulate ${nonzero} broadcast weights`, action: 'multiply-accumulate', opClass: 'gemm', count: weightedSum(counts), repeat: 1, rows, expected: false },
        ...outputSteps(layer, plan, rows, options, exactRequant ? channel : undefined),
      ];
      groups.push({ items: positionTiles, rows, channel, steps, traffic: broadcastTraffic(rows, nonzero, shape.terms, gemm.actBits, gemm.weightBits, plan.outputFormat.bits) });
    }
  } else {
    const expected = expectedMacConstCount(macShape, options.weightModel);
    const nonzeroTaps = shape.terms * expected.nonzeroProbability;
    const steps: PlanStep[] = [
      initStep,
      { label: 'load activation column', action: 'load-activation', opClass: 'memory', count: loadCount, repeat: nonzeroTaps, rows, expected: true },
      { label: 'multiply-accumulate broadcast weight', action: 'multiply-accumulate', opClass: 'gemm', count: expected.count, repeat: shape.terms, rows, expected: true },
      ...outputSteps(layer, plan, rows, options),
    ];
    groups = [{ items: shape.outChannels * positionTiles, rows, steps, traffic: broadcastTraffic(rows, nonzeroTaps, shape.terms, gemm.actBits, gemm.weightBits, plan.outputFormat.bits) }];
    notes.push(`weights not given: costs are expectations under the ${options.weightModel.kind} weight model`);
  }
  if (shape.groups > 1) notes.push(`grouped conv (${shape.groups} groups): each output channel reads only its group's input channels`);

  return {
    layer: layer.name,
    kind: layer.kind,
    strategy: 'output-broadcast',
    groups,
    macs: layer.macs * options.batch,
    weightBits: weightCount(shape) * gemm.weightBits,
    outputBits: shape.outChannels * shape.positions * plan.outputFormat.bits,
    columnsPerRow,
    exact: weights !== undefined && requantIsExact(plan, exactRequant),
    notes,
  };
}

function broadcastTraffic(rows: number, nonzeroTaps: number, terms: number, actBits: number, weightBits: number, outBits: number) {
  return { mapToCapBits: rows * actBits * nonzeroTaps, capToMapBits: rows * outBits, keyBits: terms * weightBits };
}

function requantIsExact(plan: LayerPrecisionPlan, knownRequant: boolean): boolean {
  return !plan.gemm!.requantizesOutput || knownRequant;
}

/** Weights of the layer: C_out · K (biases are stored next to the accumulator, not counted). */
function weightCount(shape: GemmShape): number {
  return shape.outChannels * shape.terms;
}
