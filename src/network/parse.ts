/**
 * Parses a network file (JSON) into a `Network`: zod validation of every field with one clear
 * `InputError` for the first problem, then expansion of the shorthands. Graph and shape checks
 * happen in `resolveNetwork`.
 */
import { InputError } from '../util/errors.js';
import { LAYER_KINDS, NETWORK_FORMAT, NETWORK_INPUT } from './format.js';
import { normalizeLayer } from './normalize.js';
import { LAYER_SCHEMAS, networkDocumentSchema, type LayerDocument } from './schema.js';
import type { Layer, LayerKind, Network } from './types.js';
import { issueToInputError } from './validation-errors.js';

const NETWORK_FIELDS = Object.keys(networkDocumentSchema.shape);

/** Parses JSON text, reporting a syntax error (for example a truncated file) as bad input. */
export function parseJsonText(text: string, file?: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failNotJson(reason, file);
  }
}

function failNotJson(reason: string, file?: string): never {
  throw new InputError({
    file,
    expected: `The ${file === undefined ? 'network' : 'file'} is not valid JSON (${reason}). Check that the file is complete and is a ${NETWORK_FORMAT} file.`,
  });
}

function isKnownKind(kind: unknown): kind is LayerKind {
  return typeof kind === 'string' && (LAYER_KINDS as readonly string[]).includes(kind);
}

function parseLayerDocument(raw: unknown, index: number, file?: string): LayerDocument {
  const prefix = ['layers', index];

  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError({ file, field: `layers[${index}]`, value: raw, expected: 'Expected a layer object { name, kind, ... }.' });
  }

  const kind = (raw as Record<string, unknown>).kind;
  if (kind === undefined) {
    throw new InputError({
      file,
      field: `layers[${index}].kind`,
      expected: `The field is missing. Add it: one of ${LAYER_KINDS.join(', ')}.`,
    });
  }
  if (!isKnownKind(kind)) {
    throw new InputError({
      file,
      field: `layers[${index}].kind`,
      value: kind,
      expected: `Unknown layer kind. Use one of ${LAYER_KINDS.join(', ')}.`,
    });
  }

  const schema = LAYER_SCHEMAS[kind];
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw issueToInputError(result.error.issues[0], {
      file,
      root: raw,
      prefix,
      knownFields: Object.keys(schema.shape),
      subject: `a ${kind} layer`,
    });
  }
  return result.data;
}

/**
 * Parses and validates a network document. `json` is the file's text or an already parsed
 * value; `file` names the source in error messages. Throws `InputError` on the first problem.
 */
export function parseNetwork(json: unknown, file?: string): Network {
  const document = typeof json === 'string' ? parseJsonText(json, file) : json;

  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new InputError({
      file,
      value: document,
      expected: `Expected a JSON object with "format": "${NETWORK_FORMAT}", id, variant, input and layers.`,
    });
  }

  const header = networkDocumentSchema.safeParse(document);
  if (!header.success) {
    throw issueToInputError(header.error.issues[0], {
      file,
      root: document,
      prefix: [],
      knownFields: NETWORK_FIELDS,
      subject: 'a network file',
    });
  }

  const layers: Layer[] = [];
  header.data.layers.forEach((raw, index) => {
    const layerDocument = parseLayerDocument(raw, index, file);
    const previous = index === 0 ? NETWORK_INPUT : layers[index - 1].name;
    layers.push(normalizeLayer(layerDocument, layerDocument.inputs ?? [previous]));
  });

  const { id, variant, input } = header.data;
  return { id, variant: { ...variant }, input: { ...input }, layers };
}
