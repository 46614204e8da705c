import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError } from '../../src/util/errors.js';
import { BUNDLED } from '../../src/util/paths.js';

/** Runs `action`, expects it to throw an `InputError`, and returns the error for field checks. */
export function inputErrorOf(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

/** Reads a bundled description as plain data, for tests that edit one field and parse it again. */
export function bundledDocument(relativePath: string): Record<string, any> {
  return parseDocument(readFileSync(join(BUNDLED.arch, relativePath), 'utf8')).toJS() as Record<string, any>;
}
