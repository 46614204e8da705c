/**
 * Turns the first zod issue of a failed network-file validation into one `InputError` that names
 * the file, the field path, the rejected value and the rule the field follows.
 */
import type { z } from 'zod';
import { InputError } from '../util/errors.js';
import { FIELD_RULES } from './format.js';
import { formatFieldPath, hasPath, valueAtPath } from '../util/field-path.js';

export interface IssueContext {
  file?: string;
  /** The parsed document the issue paths point into. */
  root: unknown;
  /** Path of `root` inside the file, for example `['layers', 3]` when checking one layer. */
  prefix: readonly PropertyKey[];
  /** Allowed field names of the object being checked, listed when a field is unknown. */
  knownFields: readonly string[];
  /** Description of the object for messages, for example "a conv layer". */
  subject: string;
}

/** Rule of the last named field in `path`; `inputs[2]` uses the rule of `inputs`. */
function ruleFor(path: readonly PropertyKey[]): string | undefined {
  for (let index = path.length - 1; index >= 0; index--) {
    const key = path[index];
    if (typeof key === 'string') return FIELD_RULES[key];
  }
  return undefined;
}

export function issueToInputError(issue: z.core.$ZodIssue, context: IssueContext): InputError {
  const path = issue.path;
  const field = formatFieldPath([...context.prefix, ...path]);

  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const objectPath = formatFieldPath([...context.prefix, ...path]);
    return new InputError({
      file: context.file,
      field: objectPath === '' ? key : `${objectPath}.${key}`,
      value: valueAtPath(context.root, [...path, key]),
      expected: `Unknown field "${key}". The fields of ${context.subject} are: ${context.knownFields.join(', ')}.`,
    });
  }

  const rule = ruleFor(path) ?? issue.message;
  if (!hasPath(context.root, path) || valueAtPath(context.root, path) === undefined) {
    return new InputError({
      file: context.file,
      field,
      expected: `The field is missing. Add it: expected ${rule}.`,
    });
  }

  return new InputError({
    file: context.file,
    field,
    value: valueAtPath(context.root, path),
    expected: `Expected ${rule}.`,
  });
}
