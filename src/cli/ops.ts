import type { Argv, CommandModule } from 'yargs';
import { AP_OPERATIONS, countOp, specForWidths, type OperationWidths, type OpSpec } from '../ap/index.js';
import { InputError } from '../util/errors.js';
import { writeResult, type GlobalOptions } from './context.js';

interface OpsOptions extends GlobalOptions {
  bits: string;
  'acc-bits'?: string;
  signed: boolean;
  constant?: string;
  terms: string;
  groups: string;
  multiplier: string;
  shift?: string;
  json?: boolean;
}

/** Weights per output of a 3×3 convolution over 64 input channels, the default reduction size. */
const DEFAULT_TERMS = 576;
/** round(2^31 / √2), a 31-bit dyadic mantissa. */
const DEFAULT_MULTIPLIER = 1518500250n;

function parseInteger(option: string, text: string, min: number, max: number, description: string): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InputError({ field: `--${option}`, value: text, expected: `Give ${description} as an integer from ${min} to ${max}.` });
  }
  return value;
}

function parseBigInt(option: string, text: string, min: bigint, max: bigint, description: string): bigint {
  const fail = (): never => {
    throw new InputError({ field: `--${option}`, value: text, expected: `Give ${description} as an integer from ${min} to ${max}.` });
  };
  if (!/^-?\d+$/.test(text.trim())) fail();
  const value = BigInt(text.trim());
  if (value < min || value > max) fail();
  return value;
}

/** Returns the m_w-bit value 0b…0101, which has a nonzero digit in every other position under either recoding. */
function alternatingConstant(bits: number): bigint {
  let value = 0n;
  for (let bit = 0; bit < bits; bit += 2) value |= 1n << BigInt(bit);
  return value;
}

/** Turns the command-line options into the widths of every operation, applying the documented defaults. */
export function widthsFromOptions(options: OpsOptions): OperationWidths {
  const parts = String(options.bits).split(',');
  if (parts.length > 2 || parts.some((part) => part.trim() === '')) {
    throw new InputError({
      field: '--bits',
      value: options.bits,
      expected: 'Give one width, or the activation and weight widths separated by a comma, for example --bits 8 or --bits 4,8.',
    });
  }
  const activationBits = parseInteger('bits', parts[0], 1, 32, 'each width');
  const weightBits = parts.length === 2 ? parseInteger('bits', parts[1], 1, 32, 'each width') : activationBits;
  const terms = parseInteger('terms', String(options.terms), 1, 2 ** 24, 'the rows per reduction group');
  const groups = parseInteger('groups', String(options.groups), 1, 2 ** 24, 'the number of 1D reduction groups');

  const defaultAccBits = Math.min(64, activationBits + weightBits + Math.ceil(Math.log2(terms)));
  const accBits = options['acc-bits'] === undefined ? defaultAccBits : parseInteger('acc-bits', String(options['acc-bits']), 1, 64, 'the accumulator width');

  const constant =
    options.constant === undefined
      ? alternatingConstant(weightBits)
      : parseBigInt('constant', String(options.constant), -(2n ** 32n) + 1n, 2n ** 32n - 1n, 'the constant');
  const multiplier = parseBigInt('multiplier', String(options.multiplier), 0n, 2n ** 31n - 1n, 'the requantization mantissa B');
  const defaultShift = Math.min(63, 31 + Math.max(0, accBits - activationBits));
  const shift = options.shift === undefined ? defaultShift : parseInteger('shift', String(options.shift), 0, 63, 'the requantization shift C');

  return { activationBits, weightBits, signed: options.signed, accBits, constant, terms, groups, multiplier, shift };
}

function describeSpec(spec: OpSpec): string {
  return Object.entries(spec)
    .filter(([key, value]) => key !== 'op' && value !== false)
    .map(([key, value]) => (value === true ? key : `${key}=${String(value)}`))
    .join(' ');
}

function formatRows(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]): string =>
    cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export const opsCommand: CommandModule<GlobalOptions, OpsOptions> = {
  command: 'ops',
  describe: 'Print the cycle and activity counts of every AP operation for given operand widths',
  builder: (yargs: Argv<GlobalOptions>) =>
    yargs
      .option('bits', {
        type: 'string',
        default: '8',
        describe: 'Operand widths in bits: one width for all operands, or activation,weight (for example 4,8)',
      })
      .option('acc-bits', {
        type: 'string',
        describe: 'Accumulator width in bits (default: activation + weight bits + ceil(log2(terms)), at most 64)',
      })
      .option('signed', { type: 'boolean', default: true, describe: 'Operands are two’s complement; --no-signed makes them unsigned' })
      .option('constant', { type: 'string', describe: 'Constant of mulConst and macConst (default: 0b0101… of the weight width)' })
      .option('terms', { type: 'string', default: String(DEFAULT_TERMS), describe: 'Rows per group K of the reductions' })
      .option('groups', { type: 'string', default: '1', describe: 'Number of groups of the 1D reduction' })
      .option('multiplier', { type: 'string', default: String(DEFAULT_MULTIPLIER), describe: 'Requantization mantissa B, 0 to 2^31 − 1' })
      .option('shift', { type: 'string', describe: 'Requantization shift C in bits, 0 to 63 (default: 31 + accumulator bits − activation bits)' })
      .option('json', { type: 'boolean', describe: 'Print a JSON array with one object per operation' }) as unknown as Argv<OpsOptions>,
  handler: (options) => {
    const widths = widthsFromOptions(options);
    const rows = AP_OPERATIONS.map((info) => {
      const spec = specForWidths(info.op, widths);
      return { info, spec, count: countOp(spec) };
    });

    if (options.json) {
      const objects = rows.map(({ info, spec, count }) => ({
        op: info.op,
        description: info.description,
        spec: JSON.parse(JSON.stringify(spec, (key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value))) as unknown,
        ...count,
      }));
      writeResult(JSON.stringify(objects, null, 2));
      return;
    }

    const header = ['op', 'operands', 'compares', 'writes', 'row moves', 'column moves', 'cycles'];
    const table = rows.map(({ info, spec, count }) => [
      info.op,
      describeSpec(spec),
      String(count.compares),
      String(count.writes),
      String(count.rowReads + count.rowWrites),
      String(count.columnReads + count.columnWrites),
      String(count.cycles),
    ]);
    writeResult(formatRows(header, table));
  },
};
