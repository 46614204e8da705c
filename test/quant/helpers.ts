import { InputError } from '../../src/util/errors.js';

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
