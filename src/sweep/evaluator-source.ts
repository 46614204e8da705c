import { InputError, isInputError, type InputErrorDetails } from '../util/errors.js';
import { nonFiniteFields } from './rows.js';
import type { PointEvaluator, SweepPoint, SweepRow } from './types.js';

/**
 * An ES module that exports a `PointEvaluator`. Worker threads cannot receive functions, so
 * each worker imports the evaluator by module URL.
 */
export interface EvaluatorModule {
  /** `file:` URL of the module. */
  moduleUrl: string;
  /** Name of the export that is the evaluator. */
  exportName: string;
}

/** An evaluator function (in-process runs only) or a module that exports one (any run). */
export type EvaluatorSource = PointEvaluator | EvaluatorModule;

/** Imports an evaluator module and returns its evaluator function. */
export async function loadEvaluator(source: EvaluatorSource): Promise<PointEvaluator> {
  if (typeof source === 'function') return source;

  const module = (await import(source.moduleUrl)) as Record<string, unknown>;
  const evaluate = module[source.exportName];
  if (typeof evaluate !== 'function') {
    throw new Error(`${source.moduleUrl} does not export a point evaluator function named ${source.exportName}`);
  }
  return evaluate as PointEvaluator;
}

/**
 * Evaluates one point and checks the row against the evaluator contract: the row carries the
 * point's index and key, and every number is finite so that JSON stores it exactly. An
 * `InputError` from the evaluator passes through; any other failure is wrapped with the point.
 */
export function evaluateChecked(evaluate: PointEvaluator, point: SweepPoint): SweepRow {
  let row: SweepRow;
  try {
    row = evaluate(point);
  } catch (error) {
    if (isInputError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`evaluating point ${describePoint(point)} failed: ${reason}`, { cause: error });
  }

  if (row.index !== point.index || row.key !== point.key) {
    throw new Error(`the evaluator returned index ${row.index} and key ${row.key} for point ${describePoint(point)}; a row must copy the point's index and key`);
  }
  const invalid = nonFiniteFields(row);
  if (invalid.length > 0) {
    throw new Error(`the evaluator returned non-finite ${invalid.join(', ')} for point ${describePoint(point)}`);
  }
  return row;
}

/** Describes a point for messages: index, key and inputs. */
export function describePoint(point: SweepPoint): string {
  const overrides = Object.entries(point.overrides).map(([path, value]) => ` ${path}=${value}`).join('');
  return `#${point.index} (key ${point.key}: ${point.network} ${point.config} ${point.tech} ${point.vddV} V batch ${point.batch} ${point.objective}${overrides})`;
}

/** An error in a form that crosses a worker boundary; `InputError` details survive the trip. */
export interface SerializedError {
  message: string;
  stack?: string;
  input?: InputErrorDetails;
}

export function serializeError(error: unknown): SerializedError {
  if (isInputError(error)) {
    const input: InputErrorDetails = { file: error.file, field: error.field, expected: error.expected };
    if (error.hasValue) input.value = error.value;
    return { message: error.message, input };
  }
  if (error instanceof Error) return { message: error.message, stack: error.stack };
  return { message: String(error) };
}

export function deserializeError(serialized: SerializedError): Error {
  if (serialized.input !== undefined) return new InputError(serialized.input);
  const error = new Error(serialized.message);
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}
