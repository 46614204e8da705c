import type { z } from 'zod';
import { InputError } from './errors.js';
import { formatFieldPath, valueAtPath } from './field-path.js';

/**
 * Turns the first issue of a zod error into an `InputError` naming the file, the field path, the
 * rejected value and the fix. Later issues are counted in the message, so fixing one problem at a
 * time always makes progress.
 */
export function zodToInputError(error: z.ZodError, data: unknown, file?: string): InputError {
  const issue = error.issues[0];
  if (issue === undefined) return new InputError({ file, expected: 'Invalid input.' });
  const more = error.issues.length > 1 ? ` (${error.issues.length - 1} more problem(s) after this one)` : '';
  const field = formatFieldPath(issue.path);
  const value = valueAtPath(data, issue.path);

  if (issue.code === 'unrecognized_keys') {
    const path = [...issue.path, issue.keys[0]];
    return new InputError({ file, field: formatFieldPath(path), value: valueAtPath(data, path), expected: `${capitalize(sentence(issue.message))}${more}.` });
  }
  if (issue.code === 'invalid_type' && value === undefined) {
    return new InputError({
      file,
      field,
      expected: `Missing required field \`${field}\`: add it (${sentence(issue.message)})${more}.`,
    });
  }
  return new InputError({ file, field: field || undefined, value, expected: `${capitalize(sentence(issue.message))}${more}.` });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Strips zod's generic "Invalid input: " prefix and a trailing period. */
function sentence(message: string): string {
  return message.replace(/^Invalid input: /, '').replace(/\.$/, '');
}
