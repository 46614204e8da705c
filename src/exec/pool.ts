/**
 * A pool of worker threads that run plan tasks. Workers start from the built `dist/` code. From
 * TypeScript sources (vitest, tsx) each one first registers tsx's ESM hooks, because Node 20
 * does not apply `--import tsx` from `execArgv` to a worker's entry module.
 */
import { Worker } from 'node:worker_threads';
import type { PlanContext, PlanTask, TaskResult } from './context.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker-entry.js', import.meta.url));
  const entryUrl = new URL('./worker-entry.ts', import.meta.url).href;
  const tsxApiUrl = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApiUrl)}).then(({ register }) => { register(); return import(${JSON.stringify(entryUrl)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/** Batches per worker that a plan's tasks are cut into; more batches balance load better. */
const BATCHES_PER_WORKER = 8;

export class ExecutorPool {
  private readonly workers: Worker[] = [];
  private readonly ready: Promise<void>[] = [];
  private nextId = 0;

  constructor(readonly size: number) {
    for (let index = 0; index < size; index++) {
      const worker = startWorker();
      this.workers.push(worker);
      this.ready.push(
        new Promise((resolve, reject) => {
          const onMessage = (message: FromWorker): void => {
            if (message.type === 'ready') {
              worker.off('message', onMessage);
              resolve();
            } else if (message.type === 'error') {
              reject(new Error(message.message));
            }
          };
          worker.on('message', onMessage);
          worker.once('error', reject);
        }),
      );
    }
  }

  /** Runs the tasks of one plan on the workers and returns their results in task order. */
  async run(context: PlanContext, tasks: PlanTask[]): Promise<TaskResult[]> {
    await Promise.all(this.ready);
    const id = this.nextId++;
    const batchSize = Math.max(1, Math.ceil(tasks.length / (this.size * BATCHES_PER_WORKER)));
    const batches: { start: number; tasks: PlanTask[] }[] = [];
    for (let start = 0; start < tasks.length; start += batchSize) batches.push({ start, tasks: tasks.slice(start, start + batchSize) });
    const results: TaskResult[] = new Array(tasks.length);
    if (batches.length === 0) return results;

    return new Promise((resolve, reject) => {
      let next = 0;
      let pending = 0;
      let failed = false;
      const active = this.workers.slice(0, Math.min(this.size, batches.length));
      const cleanups: (() => void)[] = [];
      const finish = (error?: Error): void => {
        for (const cleanup of cleanups) cleanup();
        if (error !== undefined) reject(error);
        else resolve(results);
      };

      for (const worker of active) {
        let current: { start: number } | undefined;
        const dispatch = (): void => {
          if (next >= batches.length) {
            current = undefined;
            if (pending === 0 && !failed) finish();
            return;
          }
          const batch = batches[next++];
          current = batch;
          pending++;
          worker.postMessage({ type: 'tasks', id, tasks: batch.tasks } satisfies ToWorker);
        };
        const onMessage = (message: FromWorker): void => {
          if (failed) return;
          if (message.type === 'error') {
            failed = true;
            const error = new Error(message.message);
            if (message.stack) error.stack = message.stack;
            finish(error);
            return;
          }
          if (message.type !== 'results' || message.id !== id || current === undefined) return;
          message.results.forEach((result, offset) => (results[current!.start + offset] = result));
          pending--;
          dispatch();
        };
        const onError = (error: Error): void => {
          if (failed) return;
          failed = true;
          finish(error);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        cleanups.push(() => {
          worker.off('message', onMessage);
          worker.off('error', onError);
        });
        worker.postMessage({ type: 'context', id, context } satisfies ToWorker);
        dispatch();
      }
    });
  }

  /** Stops every worker thread. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
