import { readFileSync } from 'node:fs';
import { formatCsv, type CsvCell } from '../report/csv.js';
import { CsvSyntaxError, parseCsv } from '../report/csv-parse.js';
import { InputError } from '../util/errors.js';
import { isProfileOpClass, PROFILE_OP_CLASSES, type ProfileOpClass } from './op-classes.js';

/**
 * The profile CSV: measured or modelled costs of networks on backends, one row per (backend,
 * model, precision, batch) and scope. `bitfluid export-profile` writes it, `TableCostModel`
 * reads it, and docs/scheduling.md describes every column. Latencies are in microseconds and
 * energies in millijoules, as NonGEMM Bench (µs) and XRBench (mJ) traces write them. The readers
 * convert them to seconds and joules.
 */

/**
 * - `inference`: one run of the whole network; the rows a cost table is built from.
 * - `class`: the part of the run spent in one operator class.
 * - `group`: the GEMM or NonGEMM total, as NonGEMM Bench reports it.
 * - `layer`: one layer, in network order, so a layer range can be priced.
 */
export const PROFILE_SCOPES = ['inference', 'class', 'group', 'layer'] as const;
export type ProfileScope = (typeof PROFILE_SCOPES)[number];

export const PROFILE_COLUMNS = [
  'backend',
  'model',
  'precision',
  'batch',
  'scope',
  'name',
  'op_class',
  'latency_us',
  'energy_mj',
  'memory_bytes',
  'weight_bytes',
  'setup_latency_us',
  'setup_energy_mj',
  'macs',
  'source',
] as const;

const REQUIRED_COLUMNS = ['backend', 'model', 'precision', 'batch', 'latency_us', 'energy_mj', 'source'] as const;

/** One row of a profile CSV in SI units. */
export interface ProfileRow {
  backend: string;
  model: string;
  precision: string;
  batch: number;
  scope: ProfileScope;
  /** Class, group (`GEMM`, `NonGEMM`) or layer name; empty for inference rows. */
  name: string;
  opClass?: ProfileOpClass;
  latencyS: number;
  energyJ: number;
  /** Inference rows: bytes the model occupies on the backend while placed there. */
  memoryBytes?: number;
  /** Inference rows: bytes of weights, when known separately. */
  weightBytes?: number;
  /** Inference rows: loading the model's weights onto an empty slot. */
  setupLatencyS?: number;
  setupEnergyJ?: number;
  macs?: number;
  /** Provenance of the numbers: command, machine and date, or publication and estimate rule. */
  source: string;
}

/**
 * Converts a value to the CSV's unit and rounds it to 15 significant digits, so that a
 * conversion such as 0.0097 s × 10^6 prints 9700 instead of 9699.999999999998.
 */
function scaled(value: number | undefined, factor: number): number | undefined {
  return value === undefined ? undefined : Number((value * factor).toPrecision(15));
}

/** Formats rows as a profile CSV with every column, in the order of `PROFILE_COLUMNS`. */
export function formatProfileCsv(rows: readonly ProfileRow[]): string {
  const records: CsvCell[][] = rows.map((row) => [
    row.backend,
    row.model,
    row.precision,
    row.batch,
    row.scope,
    row.name,
    row.opClass,
    scaled(row.latencyS, 1e6),
    scaled(row.energyJ, 1e3),
    row.memoryBytes,
    row.weightBytes,
    scaled(row.setupLatencyS, 1e6),
    scaled(row.setupEnergyJ, 1e3),
    row.macs,
    row.source,
  ]);
  return formatCsv([...PROFILE_COLUMNS], records);
}

/** Reads and validates a profile CSV file. */
export function readProfileCsv(path: string): ProfileRow[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new InputError({ file: path, expected: `Cannot read the profile CSV ${path}: ${reason}. Check the path.` });
  }
  return parseProfileCsv(text, path);
}

/**
 * Validates profile CSV text. The header must name the required columns; other columns are
 * ignored, so tools may add their own. Every problem is an `InputError` naming the line and column.
 */
export function parseProfileCsv(text: string, file?: string): ProfileRow[] {
  let records: string[][];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new InputError({ file, field: `line ${error.line}`, expected: 'The file is not valid CSV: a quoted field is never closed. Close the quote.' });
    }
    throw error;
  }
  // Lines that hold nothing but commas or nothing at all are skipped, as spreadsheets write them.
  const numbered = records.map((fields, index) => ({ fields, line: index + 1 })).filter(({ fields }) => fields.some((field) => field.trim() !== ''));
  if (numbered.length === 0) {
    throw new InputError({ file, expected: `The profile CSV is empty. It needs a header line with the columns ${REQUIRED_COLUMNS.join(', ')}.` });
  }

  const header = numbered[0].fields.map((name) => name.trim());
  for (const column of REQUIRED_COLUMNS) {
    if (!header.includes(column)) {
      throw new InputError({
        file,
        field: 'line 1',
        value: header.join(','),
        expected: `Missing column \`${column}\`. A profile CSV needs the columns ${REQUIRED_COLUMNS.join(', ')}; docs/scheduling.md lists every column.`,
      });
    }
  }

  return numbered.slice(1).map(({ fields, line }) => parseRow(header, fields, line, file));
}

class RowReader {
  constructor(
    private readonly header: string[],
    private readonly fields: string[],
    private readonly line: number,
    private readonly file: string | undefined,
  ) {}

  text(column: string): string {
    const index = this.header.indexOf(column);
    return index < 0 ? '' : (this.fields[index] ?? '').trim();
  }

  fail(column: string, value: string, expected: string): never {
    throw new InputError({ file: this.file, field: `line ${this.line}, column ${column}`, value, expected });
  }

  requiredText(column: string): string {
    const value = this.text(column);
    if (value === '') this.fail(column, value, `\`${column}\` must not be empty.`);
    return value;
  }

  /** Reads a finite number ≥ 0 scaled by `factor`, or undefined when the cell is empty and `optional`. */
  number(column: string, factor: number, optional: boolean): number | undefined {
    const value = this.text(column);
    if (value === '') {
      if (optional) return undefined;
      this.fail(column, value, `\`${column}\` must be a number ≥ 0 for this row.`);
    }
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0) this.fail(column, value, `\`${column}\` must be a finite number ≥ 0.`);
    return parsed * factor;
  }
}

function parseRow(header: string[], fields: string[], line: number, file: string | undefined): ProfileRow {
  const reader = new RowReader(header, fields, line, file);

  const batchText = reader.requiredText('batch');
  const batch = Number(batchText);
  if (!Number.isInteger(batch) || batch < 1) reader.fail('batch', batchText, 'The batch is a whole number of images, at least 1.');

  const scopeText = reader.text('scope') || 'inference';
  if (!(PROFILE_SCOPES as readonly string[]).includes(scopeText)) {
    reader.fail('scope', scopeText, `The scope is one of ${PROFILE_SCOPES.join(', ')}, or empty for inference.`);
  }
  const scope = scopeText as ProfileScope;

  const opClassText = reader.text('op_class');
  if (opClassText !== '' && !isProfileOpClass(opClassText)) {
    reader.fail('op_class', opClassText, `The operator class is one of ${PROFILE_OP_CLASSES.join(', ')}.`);
  }
  if (scope === 'class' && opClassText === '') reader.fail('op_class', opClassText, 'A class row names its operator class in `op_class`.');

  const isInference = scope === 'inference';
  const row: ProfileRow = {
    backend: reader.requiredText('backend'),
    model: reader.requiredText('model'),
    precision: reader.requiredText('precision'),
    batch,
    scope,
    name: reader.text('name'),
    latencyS: reader.number('latency_us', 1e-6, false)!,
    energyJ: reader.number('energy_mj', 1e-3, false)!,
    source: reader.requiredText('source'),
  };
  if (opClassText !== '') row.opClass = opClassText as ProfileOpClass;

  const optional: [keyof ProfileRow, string, number][] = [
    ['memoryBytes', 'memory_bytes', 1],
    ['weightBytes', 'weight_bytes', 1],
    ['setupLatencyS', 'setup_latency_us', 1e-6],
    ['setupEnergyJ', 'setup_energy_mj', 1e-3],
    ['macs', 'macs', 1],
  ];
  for (const [key, column, factor] of optional) {
    // An inference row is what a cost table prices, so it must carry memory and setup cost.
    const required = isInference && column !== 'weight_bytes' && column !== 'macs';
    const value = reader.number(column, factor, !required);
    if (value !== undefined) (row as unknown as Record<string, number>)[key] = value;
  }
  return row;
}
