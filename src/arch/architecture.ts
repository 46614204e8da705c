import { z } from 'zod';
import { flagEntry, quantityEntry, strictObject, type ParsedEntry } from './entry.js';
import { zodToInputError } from '../util/zod-input-error.js';
import { collectProvenance } from './provenance.js';
import type { Architecture, Link, ArchOverrides } from './types.js';

/** Schema of an architecture file; the format is described in docs/formats.md. */

const count = () => quantityEntry('count', { positive: true, integer: true });

const linkSchema = strictObject({
  topology: z.string({ error: 'topology must be a short text, for example "shared bus"' }).min(1),
  width: quantityEntry('bits', { positive: true, integer: true }),
  latencyCycles: quantityEntry('count', { integer: true }),
  issueIntervalCycles: quantityEntry('count', { positive: true, integer: true }),
  energyPerBit: quantityEntry('energy'),
});

const arraySchema = strictObject({ rows: count(), columns: count() });

export const architectureSchema = strictObject({
  id: z.string({ error: 'id must be a short name such as bf-imna' }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'id must use letters, digits, ".", "_" and "-"' }),
  name: z.string({ error: 'name must be a one-line title' }).min(1),
  description: z.string().optional(),
  hierarchy: strictObject({ clusters: count(), capsPerCluster: count(), mapsPerCluster: count() }),
  cap: arraySchema,
  map: arraySchema,
  clock: strictObject({ frequency: quantityEntry('frequency', { positive: true }) }),
  ap: strictObject({ multiColumnWriteOneCycle: flagEntry() }),
  interconnect: strictObject({ cluster: linkSchema, global: linkSchema, overlapWithCompute: flagEntry() }),
  controller: strictObject({ energyPerPass: quantityEntry('energy'), staticPowerPerAp: quantityEntry('power') }),
  offChip: strictObject({ bandwidth: quantityEntry('bitRate', { positive: true }), energyPerBit: quantityEntry('energy') }),
});

type ParsedLink = z.infer<typeof linkSchema>;

function toLink(link: ParsedLink): Link {
  return {
    topology: link.topology,
    widthBits: link.width.value,
    latencyCycles: link.latencyCycles.value,
    issueIntervalCycles: link.issueIntervalCycles.value,
    energyPerBitJ: link.energyPerBit.value,
  };
}

/**
 * Validates architecture data and converts it to SI units. Throws an `InputError` naming the
 * file, field path, value and fix.
 */
export function parseArchitecture(data: unknown, file?: string, overrides: ArchOverrides = {}): Architecture {
  const parsed = architectureSchema.safeParse(data);
  if (!parsed.success) throw zodToInputError(parsed.error, data, file);
  const a = parsed.data;
  const value = (entry: ParsedEntry) => entry.value;

  const cluster = toLink(a.interconnect.cluster);
  const frequencyHz = value(a.clock.frequency);
  const result: Architecture = {
    kind: 'architecture',
    id: a.id,
    name: a.name,
    hierarchy: {
      clusters: value(a.hierarchy.clusters),
      capsPerCluster: value(a.hierarchy.capsPerCluster),
      mapsPerCluster: value(a.hierarchy.mapsPerCluster),
      caps: value(a.hierarchy.clusters) * value(a.hierarchy.capsPerCluster),
      maps: value(a.hierarchy.clusters) * value(a.hierarchy.mapsPerCluster),
    },
    cap: { rows: value(a.cap.rows), columns: value(a.cap.columns), bits: value(a.cap.rows) * value(a.cap.columns) },
    map: { rows: value(a.map.rows), columns: value(a.map.columns), bits: value(a.map.rows) * value(a.map.columns) },
    clock: { frequencyHz, periodS: 1 / frequencyHz },
    ap: { multiColumnWriteOneCycle: a.ap.multiColumnWriteOneCycle.value },
    interconnect: {
      cluster,
      global: toLink(a.interconnect.global),
      mapToCapBitsPerS: (cluster.widthBits * frequencyHz) / cluster.issueIntervalCycles,
      overlapWithCompute: a.interconnect.overlapWithCompute.value,
    },
    controller: { energyPerPassJ: value(a.controller.energyPerPass), staticPowerPerApW: value(a.controller.staticPowerPerAp) },
    offChip: { bandwidthBitsPerS: value(a.offChip.bandwidth), energyPerBitJ: value(a.offChip.energyPerBit) },
    provenance: collectProvenance(a),
    document: data,
    overrides,
  };
  if (a.description !== undefined) result.description = a.description;
  if (file !== undefined) result.file = file;
  return result;
}
