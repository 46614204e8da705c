/**
 * Zod schemas of the network file format (JSON). They accept the shorthands of the file: a scalar
 * for a square kernel, a pair or scalar for symmetric padding, and omitted defaults.
 * `normalize.ts` turns the parsed values into the full `Layer` types.
 */
import { z } from 'zod';
import { NETWORK_FORMAT, NETWORK_FORMAT_VERSION, NETWORK_INPUT } from './format.js';

/**
 * Layer names: a letter, digit or "_" first, then also the separators that torchvision module
 * paths and ONNX node names use.
 */
export const LAYER_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:/#+-]*$/;

/** Network ids: a letter or digit first, then also ".", "_" or "-". */
export const NETWORK_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const positiveInteger = z.number().int().min(1);
const nonNegativeInteger = z.number().int().min(0);

/** A scalar for both axes or a pair [height, width]. */
const pairShorthand = z.union([positiveInteger, z.tuple([positiveInteger, positiveInteger])]);

/** A scalar for all sides, a pair [height, width] or [top, left, bottom, right]. */
const paddingShorthand = z.union([
  nonNegativeInteger,
  z.tuple([nonNegativeInteger, nonNegativeInteger]),
  z.tuple([nonNegativeInteger, nonNegativeInteger, nonNegativeInteger, nonNegativeInteger]),
]);

const layerName = z
  .string()
  .regex(LAYER_NAME_PATTERN)
  .refine((name) => name !== NETWORK_INPUT);

const inputList = z.array(z.string().min(1)).min(1);

/** Fields every layer has. `inputs` may be omitted to mean the previous layer. */
const layerBase = {
  name: layerName,
  inputs: inputList.optional(),
};

export const convLayerSchema = z.strictObject({
  ...layerBase,
  kind: z.literal('conv'),
  outChannels: positiveInteger,
  kernel: pairShorthand,
  stride: pairShorthand.optional(),
  padding: paddingShorthand.optional(),
  dilation: pairShorthand.optional(),
  groups: positiveInteger.optional(),
  bias: z.boolean(),
});

export const fcLayerSchema = z.strictObject({
  ...layerBase,
  kind: z.literal('fc'),
  outFeatures: positiveInteger,
  bias: z.boolean(),
});

export const reluLayerSchema = z.strictObject({ ...layerBase, kind: z.literal('relu') });

export const clipLayerSchema = z.strictObject({
  ...layerBase,
  kind: z.literal('clip'),
  min: z.number().optional(),
  max: z.number().optional(),
});

export const maxPoolLayerSchema = z.strictObject({
  ...layerBase,
  kind: z.literal('maxpool'),
  kernel: pairShorthand,
  stride: pairShorthand.optional(),
  padding: paddingShorthand.optional(),
  dilation: pairShorthand.optional(),
  ceilMode: z.boolean().optional(),
});

export const avgPoolLayerSchema = z.strictObject({
  ...layerBase,
  kind: z.literal('avgpool'),
  kernel: pairShorthand,
  stride: pairShorthand.optional(),
  padding: paddingShorthand.optional(),
  ceilMode: z.boolean().optional(),
  countIncludePad: z.boolean().optional(),
});

export const adaptiveAvgPoolLayerSchema = z.strictObject({
  ...layerBase,
  kind: z.literal('adaptiveavgpool'),
  outputSize: pairShorthand,
});

export const globalAvgPoolLayerSchema = z.strictObject({ ...layerBase, kind: z.literal('globalavgpool') });

export const batchNormLayerSchema = z.strictObject({
  ...layerBase,
  kind: z.literal('batchnorm'),
  epsilon: z.number().positive().optional(),
});

/** Add and concat name their inputs explicitly: at least two of them. */
const multiInputBase = { name: layerName, inputs: z.array(z.string().min(1)).min(2) };

export const addLayerSchema = z.strictObject({ ...multiInputBase, kind: z.literal('add') });

export const concatLayerSchema = z.strictObject({ ...multiInputBase, kind: z.literal('concat') });

export const flattenLayerSchema = z.strictObject({ ...layerBase, kind: z.literal('flatten') });

/** The schema of each layer kind. */
export const LAYER_SCHEMAS = {
  conv: convLayerSchema,
  fc: fcLayerSchema,
  relu: reluLayerSchema,
  clip: clipLayerSchema,
  maxpool: maxPoolLayerSchema,
  avgpool: avgPoolLayerSchema,
  adaptiveavgpool: adaptiveAvgPoolLayerSchema,
  globalavgpool: globalAvgPoolLayerSchema,
  batchnorm: batchNormLayerSchema,
  add: addLayerSchema,
  concat: concatLayerSchema,
  flatten: flattenLayerSchema,
} as const;

/** A layer as written in a file, before shorthands are expanded. */
export type LayerDocument = z.infer<(typeof LAYER_SCHEMAS)[keyof typeof LAYER_SCHEMAS]>;

const shapeSchema = z.strictObject({
  channels: positiveInteger,
  height: positiveInteger,
  width: positiveInteger,
});

const nonEmptyText = z.string().trim().min(1);

/** The file without its layers, which are checked one by one against `LAYER_SCHEMAS`. */
export const networkDocumentSchema = z.strictObject({
  format: z.literal(NETWORK_FORMAT),
  version: z.literal(NETWORK_FORMAT_VERSION),
  id: z.string().regex(NETWORK_ID_PATTERN),
  variant: z.strictObject({
    model: nonEmptyText,
    source: nonEmptyText,
    notes: z.string().optional(),
  }),
  input: shapeSchema,
  layers: z.array(z.unknown()).min(1),
});
