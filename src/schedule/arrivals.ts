import { SeededRandom } from '../util/random.js';
import type { RequestSource } from './scenario.js';

/** One inference request of a model. */
export interface Request {
  /** Position in arrival order, from 0. */
  id: number;
  model: string;
  arrivalS: number;
  /** Absolute deadline: arrival plus the source's relative deadline. */
  deadlineS: number;
}

/**
 * Seed of the random stream of source `index`, so that adding or removing one Poisson source
 * leaves the arrivals of the others unchanged.
 */
function sourceSeed(seed: number, index: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0;
}

/**
 * Generates the requests that arrive in [0, horizonS). A periodic source releases one request at
 * offsetS + k · periodS for k = 0, 1, …; a Poisson source draws exponential inter-arrival times
 * of mean 1 / rateHz from its own seeded stream, starting at 0. Requests are ordered by arrival
 * time, then by source order, and numbered in that order. The same seed gives the same requests.
 */
export function generateRequests(sources: readonly RequestSource[], horizonS: number, seed: number): Request[] {
  const drafts: { model: string; arrivalS: number; deadlineS: number; source: number }[] = [];

  sources.forEach((source, index) => {
    if (source.kind === 'periodic') {
      for (let k = 0; ; k++) {
        const arrivalS = source.offsetS + k * source.periodS;
        if (arrivalS >= horizonS) break;
        drafts.push({ model: source.model, arrivalS, deadlineS: arrivalS + source.deadlineS, source: index });
      }
      return;
    }

    const random = new SeededRandom(sourceSeed(seed, index));
    let arrivalS = random.nextExponential(1 / source.rateHz);
    while (arrivalS < horizonS) {
      drafts.push({ model: source.model, arrivalS, deadlineS: arrivalS + source.deadlineS, source: index });
      arrivalS += random.nextExponential(1 / source.rateHz);
    }
  });

  // A stable sort keeps each source's own order among equal times.
  drafts.sort((a, b) => a.arrivalS - b.arrivalS || a.source - b.source);
  return drafts.map((draft, id) => ({ id, model: draft.model, arrivalS: draft.arrivalS, deadlineS: draft.deadlineS }));
}
