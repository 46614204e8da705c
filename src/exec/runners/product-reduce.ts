/**
 * Executes a product-reduce GEMM group: one (activation, weight) product per row, groups of
 * K_c rows summed by the 2D reduction, chunk sums added into the accumulator, then the output
 * steps. Item j of a channel covers positions j·G .. j·G + G − 1 (G groups of K_c rows). A task
 * stacks consecutive items of one channel, so stacked row p·K_c + t contains term t of position p.
 */
import { ApArray } from '../../ap/array.js';
import { ColumnAllocator, type Field } from '../../ap/field.js';
import { emitAdd } from '../../ap/ops/arith.js';
import { emitMultiply } from '../../ap/ops/multiply.js';
import { emitReduce2d, reductionLevels } from '../../ap/ops/reduce.js';
import type { ItemGroup } from '../../mapping/types.js';
import { cachedProgram, fieldKey, loadField } from '../array-io.js';
import { packPlanes } from '../bitplanes.js';
import type { PlanContext, PlanTask, TaskResult } from '../context.js';
import { gemmGeometry, type GemmGeometry } from '../geometry.js';
import { StepMeter } from '../meter.js';
import { requireStep, unsupportedStep } from '../plan-steps.js';
import { gemmOutputLayout, initAccumulatorProgram, runGemmOutputStep } from './gemm-output.js';
import { cachedPlanes } from './tap-planes.js';

/** The chunking the planner chose, recovered from the group. */
export interface ReduceShape {
  chunks: number;
  chunkTerms: number;
  groupsPerCap: number;
  /** Items per output channel. */
  positionTiles: number;
  sumBits: number;
}

export function reduceShape(context: PlanContext, group: ItemGroup, geometry: GemmGeometry): ReduceShape {
  const gemm = context.precision.gemm!;
  const chunks = group.steps[requireStep(group, 'load-operands', context.layer.name)].repeat;
  const chunkTerms = Math.ceil(geometry.terms / chunks);
  const groupsPerCap = group.rows / chunkTerms;
  if (!Number.isInteger(groupsPerCap)) throw new Error(`${context.layer.name}: ${group.rows} rows per item are not a multiple of ${chunkTerms} terms per chunk`);
  return {
    chunks,
    chunkTerms,
    groupsPerCap,
    positionTiles: Math.ceil(geometry.positions / groupsPerCap),
    sumBits: gemm.actBits + gemm.weightBits + reductionLevels(chunkTerms),
  };
}

/** Returns the output channel and first tile of a task (items of one group are channel-major when the plan has one group for all channels). */
export function taskChannel(group: ItemGroup, task: PlanTask, positionTiles: number): { channel: number; firstTile: number } {
  if (group.channel !== undefined) return { channel: group.channel, firstTile: task.firstItem };
  const channel = Math.floor(task.firstItem / positionTiles);
  const firstTile = task.firstItem - channel * positionTiles;
  if (firstTile + task.items > positionTiles) throw new Error('a product-reduce task must not span two output channels');
  return { channel, firstTile };
}

export function runProductReduce(context: PlanContext, task: PlanTask): TaskResult {
  const { layer, precision, plan } = context;
  const gemm = precision.gemm!;
  const group = plan.groups[task.group];
  const geometry = gemmGeometry(layer, context.batch);
  const shape = reduceShape(context, group, geometry);
  const { channel, firstTile } = taskChannel(group, task, shape.positionTiles);
  const convGroup = Math.floor(channel / geometry.outChannelsPerGroup);
  const weights = context.weights;
  if (weights === undefined) throw new Error(`${layer.name}: no weights to load`);
  const rows = task.items * group.rows;
  const firstPosition = firstTile * shape.groupsPerCap;
  const { chunkTerms } = shape;

  // Layout: the accumulator, then the chunk scratch, which the output steps reuse.
  const alloc = new ColumnAllocator();
  const accumulator = alloc.field(gemm.accBits, true);
  const scratchStart = alloc.end;
  const activation = alloc.field(gemm.actBits, gemm.actSigned);
  const weight = alloc.field(gemm.weightBits, true);
  const sums = alloc.field(shape.sumBits, true);
  const temporary = alloc.field(shape.sumBits, true);
  const carry = alloc.column();
  const flag = alloc.column();
  const output = gemmOutputLayout(context, channel, accumulator, scratchStart);
  const columns = Math.max(alloc.end, output.columns);

  const array = new ApArray(rows, columns);
  const meter = new StepMeter(array, group.steps.length);
  const loadStep = requireStep(group, 'load-operands', layer.name);
  const multiplyStep = requireStep(group, 'multiply', layer.name);
  const reduceStep = requireStep(group, 'reduce', layer.name);
  const accumulateStep = requireStep(group, 'accumulate', layer.name);
  const fields = [activation, weight, sums, temporary, accumulator].map(fieldKey).join('|');
  const multiply = cachedProgram(`multiply|${fields}|${carry}`, (sink) => emitMultiply(sink, { left: activation, right: weight, product: sums, carry }));
  const reduce = cachedProgram(`reduce2d|${fields}|${carry}|${flag}|${chunkTerms}`, (sink) => emitReduce2d(sink, { sums, temporary, carry, terms: chunkTerms, flag }));
  const accumulate = cachedProgram(`accumulate|${fields}|${carry}`, (sink) => emitAdd(sink, { source: sums, destination: accumulator, carry }));
  const activations = cachedPlanes(context, `reduce|${convGroup}|${firstPosition}|${rows}|${chunkTerms}`, shape.chunks, (chunk) => (row) => {
    const position = firstPosition + Math.floor(row / chunkTerms);
    const term = chunk * chunkTerms + (row % chunkTerms);
    if (position >= geometry.positions || term >= geometry.terms) return 0;
    const index = geometry.inputIndex(position, term, convGroup);
    return index < 0 ? 0 : context.inputs[0].data[index];
  }, rows);
  const channelWeights = weights.subarray(channel * geometry.terms, (channel + 1) * geometry.terms);
  let result: Field = accumulator;

  group.steps.forEach((step, index) => {
    switch (step.action) {
      case 'init-accumulator': {
        const program = initAccumulatorProgram(context, channel, accumulator);
        meter.measure(index, () => array.run(program));
        break;
      }
      case 'load-operands':
        for (let chunk = 0; chunk < shape.chunks; chunk++) {
          const weightPlanes = packPlanes(rows, gemm.weightBits, array.wordsPerColumn, (row) => {
            const term = chunk * chunkTerms + (row % chunkTerms);
            return term < geometry.terms ? channelWeights[term] : 0;
          });
          meter.measure(loadStep, () => {
            loadField(array, activation, activations(chunk));
            loadField(array, weight, weightPlanes);
          });
          meter.measure(multiplyStep, () => array.run(multiply));
          meter.measure(reduceStep, () => array.run(reduce));
          meter.measure(accumulateStep, () => array.run(accumulate));
        }
        break;
      case 'multiply':
      case 'reduce':
      case 'accumulate':
        // Run inside the chunk loop above.
        break;
      default: {
        const handled = runGemmOutputStep(context, step, index, {
          array,
          meter,
          output,
          channel,
          firstPosition,
          positionOfRow: (row) => (row % chunkTerms === 0 ? row / chunkTerms : -1),
          current: () => result,
          update: (field) => (result = field),
        });
        if (!handled) unsupportedStep(step, layer.name, 'product-reduce');
      }
    }
  });

  return { task, steps: meter.tallies, columns };
}
