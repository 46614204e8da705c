import { Worker } from 'node:worker_threads';
import { deserializeError, type EvaluatorModule } from './evaluator-source.js';
import { OrderedRows } from './ordered-rows.js';
import type { ChunkMessage, WorkerData, WorkerReply } from './worker-protocol.js';
import type { SweepPoint, SweepRow } from './types.js';

/** Chunks per worker that the pending points are cut into; more chunks balance load better. */
const CHUNKS_PER_WORKER = 8;
/** Largest chunk, in points; it bounds the rows that wait for reordering. */
const MAX_CHUNK_POINTS = 64;

/**
 * Starts one sweep worker thread. Built code runs `worker-entry.js` directly. From TypeScript
 * sources (vitest, tsx) the worker first registers tsx's ESM hooks and then imports
 * `worker-entry.ts`, because Node 20 does not apply `--import tsx` from `execArgv` to a
 * worker's entry module.
 */
function startWorker(workerData: WorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker-entry.js', import.meta.url), { workerData });

  const entryUrl = new URL('./worker-entry.ts', import.meta.url).href;
  const tsxApiUrl = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApiUrl)}).then(({ register }) => { register(); return import(${JSON.stringify(entryUrl)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export interface WorkerPoolOptions {
  points: SweepPoint[];
  evaluator: EvaluatorModule;
  jobs: number;
  /** Receives rows in point order. Runs on the main thread. */
  onRows: (rows: SweepRow[]) => void;
  signal?: AbortSignal;
}

/**
 * Evaluates points on `jobs` worker threads. Chunks of consecutive points go to idle workers,
 * and rows come back one message each, to be emitted in point order. On abort the workers
 * stop before their next point; rows already evaluated are still emitted.
 * Resolves with the number of rows emitted and whether the run stopped early.
 */
export function evaluateWithWorkers(options: WorkerPoolOptions): Promise<{ evaluated: number; stopped: boolean }> {
  const { points, jobs } = options;
  const chunkPoints = Math.max(1, Math.min(MAX_CHUNK_POINTS, Math.ceil(points.length / (jobs * CHUNKS_PER_WORKER))));
  const chunks: ChunkMessage[] = [];
  for (let start = 0; start < points.length; start += chunkPoints) {
    chunks.push({ start, points: points.slice(start, start + chunkPoints) });
  }
  if (chunks.length === 0) return Promise.resolve({ evaluated: 0, stopped: false });

  const stopFlag = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const stopView = new Int32Array(stopFlag);
  const ordered = new OrderedRows(options.onRows);
  const workerData: WorkerData = { evaluator: options.evaluator, stopFlag };

  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    const busy = new Set<Worker>();
    let nextChunk = 0;
    let stopped = false;
    let settled = false;

    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      Atomics.store(stopView, 0, 1);
      for (const worker of workers) void worker.terminate();
      try {
        // Rows that wait behind a gap are valid results; emit them even when the run failed.
        ordered.flush();
      } catch (flushError) {
        error ??= flushError instanceof Error ? flushError : new Error(String(flushError));
      }
      if (error !== undefined) reject(error);
      else resolve({ evaluated: ordered.count, stopped });
    };

    const dispatch = (worker: Worker): void => {
      if (stopped || nextChunk >= chunks.length) {
        busy.delete(worker);
        if (busy.size === 0) finish();
        return;
      }
      busy.add(worker);
      worker.postMessage(chunks[nextChunk++]);
    };

    const onAbort = (): void => {
      stopped = true;
      Atomics.store(stopView, 0, 1);
      if (busy.size === 0) finish();
    };
    if (options.signal?.aborted) stopped = true;
    options.signal?.addEventListener('abort', onAbort);

    const workerCount = Math.min(jobs, chunks.length);
    for (let i = 0; i < workerCount; i++) {
      const worker = startWorker(workerData);
      workers.push(worker);
      busy.add(worker);

      worker.on('message', (reply: WorkerReply) => {
        if (settled) return;
        try {
          if (reply.type === 'row') ordered.add(reply.position, reply.row);
          else if (reply.type === 'ready' || reply.type === 'done') dispatch(worker);
          else finish(deserializeError(reply.error));
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
        }
      });
      worker.on('error', (error) => finish(error));
      worker.on('exit', (code) => {
        if (!settled) finish(new Error(`a sweep worker thread exited with code ${code} before the sweep finished`));
      });
    }
  });
}
