import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { InputError } from './errors.js';

/**
 * Reads a YAML or JSON file (YAML 1.2 reads JSON as well) and returns its data. A missing file or
 * a syntax error becomes an `InputError` with the file and the line.
 */
export function readYamlFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String((error as Error).message);
    throw new InputError({ file: path, expected: `Cannot read ${path}: ${reason}. Check the path.` });
  }

  const document = parseDocument(text, { prettyErrors: true });
  const first = document.errors[0];
  if (first !== undefined) {
    const line = first.linePos?.[0].line;
    throw new InputError({
      file: path,
      field: line === undefined ? undefined : `line ${line}`,
      expected: `The file is not valid YAML or JSON: ${first.message.split('\n')[0]}`,
    });
  }
  return document.toJS();
}
