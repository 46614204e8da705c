import { z } from 'zod';
import { InputError } from '../util/errors.js';
import { readYamlFile } from '../util/read-yaml-file.js';
import { metaSchema } from './schema.js';
import type { PrecisionConfigMeta } from './types.js';
import { zodToInputError } from '../util/zod-input-error.js';

/**
 * A HAWQ key map file: either a bare `bit_config` dict as JSON, or a wrapper that adds where the
 * dict comes from and the results HAWQ reports for it:
 * `{ "hawqConfig": "bit_config_resnet18_bops_0.5", "provenance": "...", "meta": {...}, "keys": {...} }`.
 */
export interface HawqKeyMapFile {
  keys: Record<string, unknown>;
  hawqConfig?: string;
  provenance?: string;
  description?: string;
  meta?: PrecisionConfigMeta;
}

const wrapperSchema = z.strictObject({
  hawqConfig: z.string().optional(),
  provenance: z.string().optional(),
  description: z.string().optional(),
  meta: metaSchema.partial().optional(),
  keys: z.record(z.string(), z.unknown()),
});

/** Reads a HAWQ key map file (bare dict or wrapper). */
export function readHawqKeyMapFile(path: string): HawqKeyMapFile {
  const data = readYamlFile(path);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError({ file: path, value: data, expected: 'A HAWQ key map file must hold a JSON object of bit_config keys, or { "keys": {...}, "meta": {...} }.' });
  }
  if (!('keys' in data)) return { keys: data as Record<string, unknown> };

  const parsed = wrapperSchema.safeParse(data);
  if (!parsed.success) throw zodToInputError(parsed.error, data, path);
  const { meta, ...rest } = parsed.data;
  const result: HawqKeyMapFile = { ...rest };
  if (meta !== undefined) result.meta = meta as PrecisionConfigMeta;
  return result;
}
