import { createBundledCatalog } from './bundled-catalog.js';
import type { EvaluatorModule } from './evaluator-source.js';
import type { SweepCatalog } from './types.js';

/**
 * The bundled cost model as the sweep runner uses it. Worker threads import the evaluator by
 * module URL, so it is passed as a reference to `evaluate.js` (`evaluate.ts` when running from
 * sources under tsx or vitest) rather than as a function.
 */

const MODULE_EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** Returns the bundled point evaluator as a module reference, which worker threads can import. */
export function bundledEvaluatorModule(): EvaluatorModule {
  return { moduleUrl: new URL(`./evaluate${MODULE_EXTENSION}`, import.meta.url).href, exportName: 'evaluatePoint' };
}

/** Returns the catalog of bundled networks, precision configs and technologies. */
export async function loadBundledCatalog(): Promise<SweepCatalog> {
  return createBundledCatalog();
}
