import type { EvaluatorModule, SerializedError } from './evaluator-source.js';
import type { SweepPoint, SweepRow } from './types.js';

/** Data a sweep worker starts with. */
export interface WorkerData {
  evaluator: EvaluatorModule;
  /** One Int32; the main thread sets it to 1 to stop workers before their next point. */
  stopFlag: SharedArrayBuffer;
}

/** A chunk of consecutive pending points; `start` is the position of the first. */
export interface ChunkMessage {
  start: number;
  points: SweepPoint[];
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'row'; position: number; row: SweepRow }
  | { type: 'done'; start: number; evaluated: number }
  | { type: 'error'; error: SerializedError };
