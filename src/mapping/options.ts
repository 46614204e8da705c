import type { Architecture } from '../arch/types.js';
import { DEFAULT_WEIGHT_MODEL, type WeightModel } from './weight-model.js';

/** The CAP resources a mapping can use. */
export interface MappingTarget {
  /** Rows of one CAP. */
  capRows: number;
  /** Bit-columns of one CAP row. */
  capColumns: number;
  /** CAPs that run work items at the same time. */
  caps: number;
}

/** Dyadic rescaling parameters (q = clamp(round(x · B / 2^C))), one entry per channel or one for all. */
export interface RequantParams {
  multipliers: bigint[];
  shifts: number[];
}

/** Requantization of a layer that a `RequantParams` entry sets: its output or one of its inputs. */
export type RequantSlot = 'output' | 'input0' | 'input1';

export function requantKey(layer: string, slot: RequantSlot): string {
  return `${layer}#${slot}`;
}

export interface MappingOptions {
  /** Images per batch; they fill more CAP rows in the same wave. */
  batch: number;
  /** Distribution assumed for weights whose values are not given. */
  weightModel: WeightModel;
  /**
   * Known integer weights of conv and fc layers, output-channel-major (C_out × K values, K =
   * C_in/groups · kh · kw in (input channel, kernel row, kernel column) order). With them the
   * output-broadcast strategy is priced exactly instead of by expectation.
   */
  weights?: ReadonlyMap<string, ArrayLike<number>>;
  /** Known requantization parameters by `requantKey(layer, slot)`. */
  requant?: ReadonlyMap<string, RequantParams>;
}

export const DEFAULT_MAPPING_OPTIONS: MappingOptions = { batch: 1, weightModel: DEFAULT_WEIGHT_MODEL };

/** Takes the CAP geometry a mapping needs from an architecture description. */
export function mappingTarget(arch: Architecture): MappingTarget {
  return { capRows: arch.cap.rows, capColumns: arch.cap.columns, caps: arch.hierarchy.caps };
}
