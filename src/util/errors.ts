/**
 * Errors that reach the user. An `InputError` describes bad input (a description file, a CLI
 * option, an ONNX model) and carries what a user needs to fix it: the file, the field path, the
 * rejected value and what is expected. The CLI prints it as one message without a stack trace
 * and exits with code 2.
 */

/** Process exit codes used by every command. */
export const EXIT_OK = 0;
/** A check ran and failed (for example a `verify` mismatch). */
export const EXIT_CHECK_FAILED = 1;
/** The input was invalid: a file, an option or a value. */
export const EXIT_BAD_INPUT = 2;

export interface InputErrorDetails {
  /** File the bad value came from, if any. */
  file?: string;
  /** Dotted field path inside the file or option name, for example `layers[3].kernel`. */
  field?: string;
  /** The rejected value, as read. */
  value?: unknown;
  /** Expected value or form, phrased as the fix. */
  expected: string;
}

export class InputError extends Error {
  readonly file?: string;
  readonly field?: string;
  readonly value?: unknown;
  readonly hasValue: boolean;
  readonly expected: string;

  constructor(details: InputErrorDetails) {
    super(formatInputError(details));
    this.name = 'InputError';
    this.file = details.file;
    this.field = details.field;
    this.hasValue = 'value' in details;
    this.value = details.value;
    this.expected = details.expected;
  }
}

/** Formats a value for an error message: strings quoted, long values shortened. */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') {
    text = JSON.stringify(value);
  } else if (typeof value === 'number') {
    // JSON.stringify prints NaN and infinities as null, which hides what was typed.
    text = String(value);
  } else if (typeof value === 'bigint') {
    text = `${value}n`;
  } else if (value === undefined) {
    text = 'undefined';
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function formatInputError(details: InputErrorDetails): string {
  const where = [details.file, details.field].filter((part) => part !== undefined && part !== '').join(': ');
  if (where === '' && !('value' in details)) return details.expected;
  const got = 'value' in details ? `invalid value ${describeValue(details.value)}` : 'invalid input';
  const prefix = where === '' ? got : `${where}: ${got}`;
  return `${prefix}. ${details.expected}`;
}

/** Returns true for errors whose message is meant for the user as it is. */
export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}

/** An unexpected failure inside bitfluid: a bug, not bad input. */
export const EXIT_INTERNAL = 3;
