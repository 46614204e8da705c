/**
 * Entry point of a sweep worker thread. It imports the evaluator named in `workerData`, then
 * evaluates each chunk of points it receives and posts one message per row. Before each point
 * it reads the shared stop flag, so an interrupted sweep stops after the points in flight.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { evaluateChecked, loadEvaluator, serializeError } from './evaluator-source.js';
import type { ChunkMessage, WorkerData, WorkerReply } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('worker-entry.js runs only as a worker thread');

const data = workerData as WorkerData;
const stopFlag = new Int32Array(data.stopFlag);
const post = (reply: WorkerReply): void => port.postMessage(reply);

try {
  const evaluate = await loadEvaluator(data.evaluator);
  port.on('message', (message: ChunkMessage) => {
    let evaluated = 0;
    try {
      for (const point of message.points) {
        if (Atomics.load(stopFlag, 0) !== 0) break;
        const row = evaluateChecked(evaluate, point);
        post({ type: 'row', position: message.start + evaluated, row });
        evaluated++;
      }
      post({ type: 'done', start: message.start, evaluated });
    } catch (error) {
      post({ type: 'error', error: serializeError(error) });
    }
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'error', error: serializeError(error) });
}
