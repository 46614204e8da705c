import { existsSync } from 'node:fs';
import { InputError } from '../util/errors.js';
import { sweepFilePaths } from './outputs.js';

/**
 * Returns `<prefix>-<UTC time>` such as `sweep-20250301T142501Z`, with `-2`, `-3`, ... appended
 * when a journal of that name already exists in `outDir`, so that a default-named run never
 * continues another run's journal.
 */
export function uniqueRunName(outDir: string, prefix = 'sweep', now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const base = `${prefix}-${stamp}`;
  let name = base;
  for (let suffix = 2; existsSync(sweepFilePaths(outDir, name).journal); suffix++) name = `${base}-${suffix}`;
  return name;
}

/** Raises an `InputError` unless `name` can be a file name prefix: no path separators, no leading dot. */
export function validateRunName(name: string, option = '--name'): void {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.+=-]*$/.test(name)) {
    throw new InputError({
      field: option,
      value: name,
      expected: 'Use letters, digits and _ . + = - only, not starting with a dot; the name becomes the file name of the results.',
    });
  }
}
