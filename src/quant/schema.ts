import { z } from 'zod';

/**
 * The zod schema of a precision-config file, as written by a user (before shorthands are
 * expanded). The format is described in docs/formats.md, section "Precision configs".
 */

/** Widest weight or activation width a config may ask for. */
export const MAX_OPERAND_BITS = 32;
/** Widest accumulator a config may ask for. */
export const MAX_ACC_BITS = 64;

function bitWidth(field: string, max: number) {
  const message = `${field} must be an integer number of bits from 1 to ${max}`;
  return z.number({ error: message }).int({ error: message }).min(1, { error: message }).max(max, { error: message });
}

/** Builds a strict object schema whose unknown-key message lists the known keys. */
function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.map((key) => `\`${key}\``).join(', ')}; the known fields are ${known}`
        : undefined,
  });
}

export const weightBitsSchema = bitWidth('weightBits', MAX_OPERAND_BITS);
export const actBitsSchema = bitWidth('actBits', MAX_OPERAND_BITS);
export const accBitsSchema = bitWidth('accBits', MAX_ACC_BITS);

export const layerPrecisionSchema = strictObject({
  weightBits: weightBitsSchema,
  actBits: actBitsSchema,
  actSigned: z.boolean({ error: 'actSigned must be true (two\'s complement) or false (unsigned)' }),
  accBits: accBitsSchema.optional(),
});

export const partialLayerPrecisionSchema = strictObject({
  weightBits: weightBitsSchema.optional(),
  actBits: actBitsSchema.optional(),
  actSigned: z.boolean({ error: 'actSigned must be true (two\'s complement) or false (unsigned)' }).optional(),
  accBits: accBitsSchema.optional(),
});

const uniformBitsMessage = `a bit width from 1 to ${MAX_OPERAND_BITS}, or { bits, actSigned }`;

/** `uniform: 8` or `uniform: { bits: 4, actSigned: true }`: weights and activations at one width. */
export const uniformSchema = z.union(
  [
    bitWidth('uniform', MAX_OPERAND_BITS),
    strictObject({
      bits: bitWidth('uniform.bits', MAX_OPERAND_BITS),
      actSigned: z.boolean().optional(),
      accBits: accBitsSchema.optional(),
    }),
  ],
  { error: `uniform must be ${uniformBitsMessage}` },
);

/** A pin value: one bit width for weights and activations, or a partial layer precision. */
export const pinValueSchema = z.union([bitWidth('pin', MAX_OPERAND_BITS), partialLayerPrecisionSchema], {
  error: `a pin must be ${uniformBitsMessage.replace('{ bits, actSigned }', 'a partial layer precision { weightBits, actBits, actSigned, accBits }')}`,
});

export const pinSchema = strictObject({
  /** The first conv layer in the network's layer order. */
  firstConv: pinValueSchema.optional(),
  /** The last fc layer in the network's layer order. */
  classifier: pinValueSchema.optional(),
  /** Every add layer (residual adds). */
  adds: pinValueSchema.optional(),
});

export const metaSchema = strictObject({
  source: z.string({ error: 'meta.source must name where the bit widths come from' }).min(1),
  top1: z.number().min(0).max(100).optional(),
  top1Source: z.string().min(1).optional(),
  bopsG: z.number().nonnegative().optional(),
  sizeMiB: z.number().nonnegative().optional(),
  metricsSource: z.string().min(1).optional(),
  notes: z.string().optional(),
});

const idMessage = 'an id of letters, digits, ".", "_" and "-", for example int8 or hawq-latency-0.5';

export const precisionFileSchema = strictObject({
  id: z.string({ error: `id must be ${idMessage}` }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: `id must be ${idMessage}` }),
  network: z.string({ error: 'network must be the id of the network the layer names belong to' }).min(1),
  description: z.string().optional(),
  defaults: layerPrecisionSchema.optional(),
  uniform: uniformSchema.optional(),
  pin: pinSchema.optional(),
  layers: z.record(z.string(), partialLayerPrecisionSchema).optional(),
  meta: metaSchema,
});

export type PrecisionFile = z.infer<typeof precisionFileSchema>;
export type PinValue = z.infer<typeof pinValueSchema>;
export type UniformValue = z.infer<typeof uniformSchema>;
