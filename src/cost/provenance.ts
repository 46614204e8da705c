import type { Architecture, Technology } from '../arch/types.js';
import type { ProvenanceRef } from './types.js';

/**
 * Lists every number of the architecture and technology a result used, with the text it was
 * given as and its source or estimate. The cost model reads all of them, so all are listed.
 */
export function collectProvenance(arch: Architecture, tech: Technology): ProvenanceRef[] {
  const refs: ProvenanceRef[] = [];
  const add = (prefix: string, map: Architecture['provenance']) => {
    for (const [path, entry] of Object.entries(map)) {
      const ref: ProvenanceRef = { path: `${prefix}.${path}`, text: entry.text };
      if (entry.source !== undefined) ref.source = entry.source;
      if (entry.estimate !== undefined) ref.estimate = entry.estimate;
      refs.push(ref);
    }
  };
  add('arch', arch.provenance);
  add('tech', tech.provenance);
  return refs;
}
