import { ParsedEntry, type ScalingRule } from './entry.js';

/** Origin of one number of an architecture or technology description. */
export interface ProvenanceEntry {
  /** The value as written in the file, for example `"0.115 fJ"`. */
  text: string;
  /** The citation, when the file gives one. */
  source?: string;
  /** Reason for the value, when it is an estimate. */
  estimate?: string;
  scaling?: ScalingRule;
  /** Set when `applyOverrides` replaced the file's value: the text it replaced. */
  overriddenText?: string;
}

/** Provenance of every entry, keyed by its field path in the file (`energy.compareBit`). */
export type ProvenanceMap = Record<string, ProvenanceEntry>;

/** Collects the provenance of every `ParsedEntry` in a parsed description, keyed by field path. */
export function collectProvenance(parsed: unknown, prefix = '', into: ProvenanceMap = {}): ProvenanceMap {
  if (parsed instanceof ParsedEntry) {
    const entry: ProvenanceEntry = { text: parsed.text };
    if (parsed.source !== undefined) entry.source = parsed.source;
    if (parsed.estimate !== undefined) entry.estimate = parsed.estimate;
    if (parsed.scaling !== undefined) entry.scaling = parsed.scaling;
    into[prefix] = entry;
    return into;
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    for (const [key, value] of Object.entries(parsed)) {
      collectProvenance(value, prefix === '' ? key : `${prefix}.${key}`, into);
    }
  }
  return into;
}
