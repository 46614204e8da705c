/**
 * Entry point of an executor worker thread. It keeps the plan context it last received and runs
 * the batches of tasks it is sent, replying with one message per batch. Outputs go straight
 * into the context's shared output tensor.
 */
import { parentPort } from 'node:worker_threads';
import type { PlanContext } from './context.js';
import { runTask } from './tasks.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('worker-entry.js runs only as a worker thread');

const post = (message: FromWorker): void => port.postMessage(message);
const contexts = new Map<number, PlanContext>();

port.on('message', (message: ToWorker) => {
  try {
    if (message.type === 'context') {
      contexts.clear();
      contexts.set(message.id, message.context);
      return;
    }
    const context = contexts.get(message.id);
    if (context === undefined) throw new Error(`worker received tasks for unknown plan ${message.id}`);
    post({ type: 'results', id: message.id, results: message.tasks.map((task) => runTask(context, task)) });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
  }
});
post({ type: 'ready' });
