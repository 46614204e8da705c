import { countOp } from '../ap/count.js';
import type { ResolvedLayer } from '../network/types.js';
import { columnTransferCount, requantCount } from './expected-counts.js';
import { elementCount, tileRows } from './elementwise.js';
import type { MappingOptions, MappingTarget } from './options.js';
import type { LayerPrecisionPlan } from './precision-plan.js';
import type { PlanStep, WorkPlan } from './types.js';

/** Dyadic reciprocal of a window size: avg = round(sum · multiplier / 2^shift). */
export interface AverageDivisor {
  multiplier: bigint;
  shift: number;
}

/**
 * Returns the dyadic reciprocal of `count`: shift = 30 + floor(log2 count) and multiplier =
 * round(2^shift / count), so the multiplier has 30 or 31 significant bits like HAWQ-V3's
 * requantization mantissas. The average is then the same requantization as everywhere else:
 * round half up of sum · multiplier / 2^shift. For a power-of-two window this is exactly
 * round(sum / count).
 */
export function averageDivisor(count: number): AverageDivisor {
  const shift = 30 + Math.floor(Math.log2(count));
  const multiplier = BigInt(Math.round(2 ** shift / count));
  return { multiplier, shift };
}

/** Window height and width of a pooling layer (the whole map for a global average pool). */
export function poolWindow(layer: ResolvedLayer): { height: number; width: number } {
  const input = layer.inputShapes[0];
  if (layer.kind === 'maxpool' || layer.kind === 'avgpool') return { height: layer.kernel[0], width: layer.kernel[1] };
  if (layer.kind === 'globalavgpool') return { height: input.height, width: input.width };
  if (layer.kind === 'adaptiveavgpool') {
    // NOTE: adaptive windows differ in size when the input is not a multiple of the output;
    // the model charges every output the largest window.
    return { height: Math.ceil(input.height / layer.outputSize[0]), width: Math.ceil(input.width / layer.outputSize[1]) };
  }
  throw new Error(`poolWindow: ${layer.name} is a ${layer.kind}, not a pooling layer`);
}

/**
 * Plans a pooling layer with one pooled output per row: the window's values are loaded one after another into a temporary
 * field and combined with the running result (max, or add into an accumulator followed by a
 * dyadic division for averages). Padded positions are loaded as the smallest value (max pool)
 * or zero (average pool), so every window costs the same.
 */
export function planPooling(layer: ResolvedLayer, plan: LayerPrecisionPlan, options: MappingOptions, target: MappingTarget): WorkPlan {
  const format = plan.inputFormats[0];
  const window = poolWindow(layer);
  const windowSize = window.height * window.width;
  const outputs = elementCount(layer.outputShape, options.batch);
  const { items, rows } = tileRows(outputs, target.capRows);
  const steps: PlanStep[] = [];
  let columnsPerRow: number;

  if (layer.kind === 'maxpool') {
    steps.push({ label: 'load first window value', action: 'load-window-first', opClass: 'memory', count: columnTransferCount(format.bits, 0), repeat: 1, rows, expected: false });
    steps.push({ label: 'load next window value', action: 'load-window-next', opClass: 'memory', count: columnTransferCount(format.bits, 0), repeat: windowSize - 1, rows, expected: false });
    const maxSpec = { op: 'max' as const, aBits: format.bits, aSigned: format.signed, bBits: format.bits, bSigned: format.signed };
    steps.push({ label: 'max', action: 'max', opClass: 'pooling', count: countOp(maxSpec), repeat: windowSize - 1, rows, expected: false });
    columnsPerRow = 2 * format.bits + 4;
  } else {
    const sumBits = format.bits + Math.ceil(Math.log2(windowSize)) + (format.signed ? 0 : 1);
    const divisor = averageDivisor(windowSize);
    steps.push({ label: 'clear sum', action: 'clear-sum', opClass: 'pooling', count: countOp({ op: 'clear', bits: sumBits }), repeat: 1, rows, expected: false });
    steps.push({ label: 'load window value', action: 'load-window', opClass: 'memory', count: columnTransferCount(format.bits, 0), repeat: windowSize, rows, expected: false });
    steps.push({ label: 'add', action: 'add-window', opClass: 'pooling', count: countOp({ op: 'add', aBits: format.bits, aSigned: format.signed, bBits: sumBits }), repeat: windowSize, rows, expected: false });
    const divideShape = { accBits: sumBits, outBits: format.bits, outSigned: format.signed };
    steps.push({ label: `divide by ${windowSize}`, action: 'divide', opClass: 'pooling', count: requantCount(divideShape, divisor.multiplier, divisor.shift), repeat: 1, rows, expected: false });
    columnsPerRow = format.bits + 2 * sumBits + 31 + format.bits + 4;
  }
  steps.push({ label: 'store outputs', action: 'store', opClass: 'memory', count: columnTransferCount(0, format.bits), repeat: 1, rows, expected: false });

  const traffic = { mapToCapBits: rows * format.bits * windowSize, capToMapBits: rows * format.bits, keyBits: 0 };
  const notes = [`${window.height}×${window.width} window, ${outputs} outputs in ${items} item(s) of ${rows} rows`];
  return { layer: layer.name, kind: layer.kind, strategy: 'window', groups: [{ items, rows, steps, traffic }], macs: 0, weightBits: 0, outputBits: outputs * format.bits, columnsPerRow, exact: true, notes };
}
