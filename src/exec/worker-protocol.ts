/** Messages between the executor's main thread and its worker threads. */
import type { PlanContext, PlanTask, TaskResult } from './context.js';

export type ToWorker = { type: 'context'; id: number; context: PlanContext } | { type: 'tasks'; id: number; tasks: PlanTask[] };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'results'; id: number; results: TaskResult[] }
  | { type: 'error'; message: string; stack?: string };
