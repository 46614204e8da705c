import { z } from 'zod';
import { parseQuantity, type QuantityDimension, type QuantityRules } from './quantity.js';

/**
 * Entries of architecture and technology files. Every number is an entry that carries either a
 * `source` (a citation) or an `estimate` (why this value was chosen):
 * `compareBit: { value: "0.115 fJ", scaling: dynamic, source: "..." }`.
 */

/** Rules for how a technology parameter changes with the supply voltage (see `scaleTechnology`). */
export const SCALING_RULES = ['dynamic', 'delay', 'leakage', 'none'] as const;
export type ScalingRule = (typeof SCALING_RULES)[number];

/** A validated entry: the value in SI units with the text and provenance it came from. */
export class ParsedEntry<Value = number> {
  constructor(
    readonly value: Value,
    /** The value as written in the file, for example `"0.115 fJ"`. */
    readonly text: string,
    readonly source: string | undefined,
    readonly estimate: string | undefined,
    readonly scaling: ScalingRule | undefined,
  ) {}
}

/** Builds a strict object schema whose unknown-key message lists the known keys. */
export function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.map((key) => `\`${key}\``).join(', ')}; the known fields are ${known}`
        : undefined,
  });
}

const provenanceShape = {
  source: z.string().min(1, { error: 'source must not be empty' }).optional(),
  estimate: z.string().min(1, { error: 'estimate must not be empty' }).optional(),
};

function checkProvenance(entry: { source?: string; estimate?: string }, ctx: z.RefinementCtx): void {
  if (entry.source === undefined && entry.estimate === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'missing `source` or `estimate`: add `source:` (a citation) or `estimate:` (why this value was chosen)',
    });
  }
  if (entry.source !== undefined && entry.estimate !== undefined) {
    ctx.addIssue({ code: 'custom', message: 'give either `source` or `estimate`, not both; put extra detail in the one you keep' });
  }
}

export interface QuantityEntryOptions extends QuantityRules {
  /** Scaling rules the entry may declare; when given, `scaling` is required. */
  scaling?: readonly ScalingRule[];
}

/** Builds the schema of an entry holding one number of `dimension`. */
export function quantityEntry(dimension: QuantityDimension, options: QuantityEntryOptions = {}) {
  const scalingSchema =
    options.scaling === undefined
      ? z.undefined({ error: 'this field does not scale with the supply voltage; remove `scaling`' }).optional()
      : z.enum(options.scaling as [ScalingRule, ...ScalingRule[]], {
          error: `scaling must be one of ${options.scaling.join(', ')}`,
        });

  return strictObject({
    value: z.union([z.string(), z.number()], { error: 'value must be a number or a unit string such as "0.9 fJ"' }),
    scaling: scalingSchema,
    ...provenanceShape,
  })
    .superRefine((entry, ctx) => {
      const parsed = parseQuantity(entry.value, dimension, options);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', path: ['value'], message: parsed.message });
      checkProvenance(entry, ctx);
    })
    .transform((entry) => {
      const parsed = parseQuantity(entry.value, dimension, options);
      const si = parsed.ok ? parsed.si : Number.NaN;
      return new ParsedEntry(si, String(entry.value), entry.source, entry.estimate, entry.scaling as ScalingRule | undefined);
    });
}

/** Builds the schema of an entry holding a list of numbers of `dimension`, such as the sweep voltages. */
export function quantityListEntry(dimension: QuantityDimension, options: QuantityRules & { minLength: number }) {
  return strictObject({
    values: z.array(z.union([z.string(), z.number()]), { error: 'values must be a list such as ["0.6 V", "0.8 V", "1.0 V"]' }).min(options.minLength, {
      error: `values must list at least ${options.minLength} entries`,
    }),
    ...provenanceShape,
  })
    .superRefine((entry, ctx) => {
      entry.values.forEach((item, index) => {
        const parsed = parseQuantity(item, dimension, options);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', path: ['values', index], message: parsed.message });
      });
      checkProvenance(entry, ctx);
    })
    .transform((entry) => {
      const values = entry.values.map((item) => {
        const parsed = parseQuantity(item, dimension, options);
        return parsed.ok ? parsed.si : Number.NaN;
      });
      return new ParsedEntry(values, entry.values.map(String).join(', '), entry.source, entry.estimate, undefined);
    });
}

/** Builds the schema of an entry holding a yes/no design choice. */
export function flagEntry() {
  return strictObject({
    value: z.boolean({ error: 'value must be true or false' }),
    ...provenanceShape,
  })
    .superRefine((entry, ctx) => checkProvenance(entry, ctx))
    .transform((entry) => new ParsedEntry(entry.value, String(entry.value), entry.source, entry.estimate, undefined));
}
