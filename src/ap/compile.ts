/**
 * Compiles a `Program` into one flat `Int32Array` so that the array and the row-by-row reference
 * interpreter walk the instructions without allocating. A compare directly followed by a write
 * becomes one fused pass record; it still counts as one compare and one write.
 *
 * Record layouts (all entries are int32):
 *   PASS          op, chain, n, (column, key) * n, m, (column, value) * m
 *   COMPARE       op, chain, n, (column, key) * n
 *   WRITE         op, m, (column, value) * m
 *   WRITE_ALL     op, m, (column, value) * m
 *   ROW_READ      op, row, column, bits
 *   ROW_WRITE     op, row, column, bits
 *   COLUMN_READ   op, column
 *   COLUMN_WRITE  op, column, rowOffset
 *   COLUMN_PATTERN op, column, period, n, row * n
 */
import { checkInstruction, type Instruction, type Program } from './instructions.js';

export const OP_PASS = 1;
export const OP_COMPARE = 2;
export const OP_WRITE = 3;
export const OP_WRITE_ALL = 4;
export const OP_ROW_READ = 5;
export const OP_ROW_WRITE = 6;
export const OP_COLUMN_READ = 7;
export const OP_COLUMN_WRITE = 8;
export const OP_COLUMN_PATTERN = 9;

export interface CompiledProgram {
  readonly code: Int32Array;
  /** Highest column any instruction touches, or -1. */
  readonly maxColumn: number;
  /** Highest row a row read or row write touches, or -1. */
  readonly maxRow: number;
  /** Largest number of columns in one compare or write, for sizing scratch buffers. */
  readonly maxColumnsPerInstruction: number;
  /** Largest row-move width, for sizing the row register. */
  readonly maxRowBits: number;
}

const cache = new WeakMap<Program, CompiledProgram>();

/** Compiles a program, caching the result per program object. Throws a RangeError on a malformed instruction. */
export function compileProgram(program: Program): CompiledProgram {
  const cached = cache.get(program);
  if (cached !== undefined) return cached;
  const compiled = compileInstructions(program.instructions);
  cache.set(program, compiled);
  return compiled;
}

function compileInstructions(instructions: readonly Instruction[]): CompiledProgram {
  const code: number[] = [];
  let maxColumn = -1;
  let maxRow = -1;
  let maxColumnsPerInstruction = 0;
  let maxRowBits = 0;

  const pushPairs = (columns: readonly number[], bits: readonly number[]): void => {
    code.push(columns.length);
    for (let i = 0; i < columns.length; i++) {
      code.push(columns[i], bits[i]);
      if (columns[i] > maxColumn) maxColumn = columns[i];
    }
    if (columns.length > maxColumnsPerInstruction) maxColumnsPerInstruction = columns.length;
  };

  for (const instruction of instructions) checkInstruction(instruction);

  for (let index = 0; index < instructions.length; index++) {
    const instruction = instructions[index];
    switch (instruction.kind) {
      case 'compare': {
        const next = instructions[index + 1];
        if (next !== undefined && next.kind === 'write') {
          code.push(OP_PASS, instruction.chain ? 1 : 0);
          pushPairs(instruction.columns, instruction.key);
          pushPairs(next.columns, next.values);
          index++;
        } else {
          code.push(OP_COMPARE, instruction.chain ? 1 : 0);
          pushPairs(instruction.columns, instruction.key);
        }
        break;
      }
      case 'write':
        code.push(OP_WRITE);
        pushPairs(instruction.columns, instruction.values);
        break;
      case 'writeAll':
        code.push(OP_WRITE_ALL);
        pushPairs(instruction.columns, instruction.values);
        break;
      case 'rowRead':
      case 'rowWrite':
        code.push(instruction.kind === 'rowRead' ? OP_ROW_READ : OP_ROW_WRITE, instruction.row, instruction.column, instruction.bits);
        maxColumn = Math.max(maxColumn, instruction.column + instruction.bits - 1);
        maxRow = Math.max(maxRow, instruction.row);
        maxRowBits = Math.max(maxRowBits, instruction.bits);
        break;
      case 'columnRead':
        code.push(OP_COLUMN_READ, instruction.column);
        maxColumn = Math.max(maxColumn, instruction.column);
        break;
      case 'columnWrite':
        code.push(OP_COLUMN_WRITE, instruction.column, instruction.rowOffset);
        maxColumn = Math.max(maxColumn, instruction.column);
        break;
      case 'columnWritePattern':
        code.push(OP_COLUMN_PATTERN, instruction.column, instruction.period, instruction.rows.length, ...instruction.rows);
        maxColumn = Math.max(maxColumn, instruction.column);
        break;
    }
  }
  return { code: Int32Array.from(code), maxColumn, maxRow, maxColumnsPerInstruction, maxRowBits };
}
