import { evaluateChecked, loadEvaluator, type EvaluatorSource } from './evaluator-source.js';
import { evaluateWithWorkers } from './workers.js';
import type { SweepPoint, SweepRow } from './types.js';

export interface EvaluatePointsOptions {
  /** Points to evaluate, in the order their rows are emitted. */
  points: SweepPoint[];
  evaluator: EvaluatorSource;
  /** Worker threads; 1 (the default) evaluates in this thread. More than 1 needs an `EvaluatorModule`. */
  jobs?: number;
  /** Receives rows in point order, in batches. A throw stops the run and rejects it. */
  onRows: (rows: SweepRow[]) => void;
  /** Aborting stops the run after the points in flight; their rows are still emitted. */
  signal?: AbortSignal;
}

export interface EvaluatePointsResult {
  /** Rows emitted. */
  evaluated: number;
  /** Whether the signal stopped the run before every point was evaluated. */
  stopped: boolean;
}

/** Maximum time of in-thread evaluation before the runner lets timers and signal handlers run, in milliseconds. */
const IN_THREAD_SLICE_MS = 50;

/** Evaluates points in this thread or on worker threads and emits their rows in point order. */
export async function evaluatePoints(options: EvaluatePointsOptions): Promise<EvaluatePointsResult> {
  const jobs = options.jobs ?? 1;
  if (!Number.isSafeInteger(jobs) || jobs < 1) throw new RangeError(`jobs must be a positive integer, got ${jobs}`);

  if (jobs === 1 || options.points.length <= 1) return evaluateInThread(options);
  if (typeof options.evaluator === 'function') {
    throw new TypeError('worker threads cannot receive a function: pass the evaluator as an EvaluatorModule when jobs > 1');
  }
  return evaluateWithWorkers({ ...options, evaluator: options.evaluator, jobs });
}

async function evaluateInThread(options: EvaluatePointsOptions): Promise<EvaluatePointsResult> {
  const evaluate = await loadEvaluator(options.evaluator);
  let batch: SweepRow[] = [];
  let evaluated = 0;
  let sliceStart = performance.now();

  for (const point of options.points) {
    if (options.signal?.aborted) break;
    try {
      batch.push(evaluateChecked(evaluate, point));
    } catch (error) {
      // The rows evaluated before the failure are valid; keep them in the journal.
      options.onRows(batch);
      throw error;
    }

    if (performance.now() - sliceStart >= IN_THREAD_SLICE_MS) {
      evaluated += batch.length;
      options.onRows(batch);
      batch = [];
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }

  evaluated += batch.length;
  options.onRows(batch);
  return { evaluated, stopped: evaluated < options.points.length };
}
