/**
 * A row-by-row reference interpreter: for each row, it copies the row's bits out of the array,
 * walks the compiled instructions on them one at a time, and copies them back. It serves as an
 * independent check of the bit-plane engine and as the baseline of the engine benchmark. It runs
 * compares and writes only: row and column moves act across rows and have no per-row meaning.
 */
import type { ApArray } from './array.js';
import { compileProgram, OP_COMPARE, OP_PASS, OP_WRITE, OP_WRITE_ALL } from './compile.js';
import type { Program } from './instructions.js';

/** Runs `program` on rows 0 .. rowCount − 1 of the array, one row at a time, touching no counter. */
export function runRowByRow(program: Program, array: ApArray, rowCount = array.activeRows): void {
  const { code, maxColumn } = compileProgram(program);
  if (maxColumn >= array.columns) throw new RangeError(`program uses column ${maxColumn} but the array has ${array.columns} columns`);
  const columns = maxColumn + 1;
  const bits = new Uint8Array(columns);

  for (let row = 0; row < rowCount; row++) {
    array.readRowBits(row, bits, columns);

    let tag = 0;
    let pc = 0;
    while (pc < code.length) {
      const op = code[pc];
      if (op === OP_PASS || op === OP_COMPARE) {
        let match = code[pc + 1] === 1 ? tag : 1;
        const keyCount = code[pc + 2];
        pc += 3;
        for (let k = 0; k < keyCount; k++, pc += 2) {
          if (bits[code[pc]] !== code[pc + 1]) match = 0;
        }
        tag = match;
        if (op === OP_PASS) {
          const writeCount = code[pc++];
          for (let k = 0; k < writeCount; k++, pc += 2) {
            if (tag === 1) bits[code[pc]] = code[pc + 1];
          }
        }
      } else if (op === OP_WRITE || op === OP_WRITE_ALL) {
        const writeCount = code[pc + 1];
        pc += 2;
        for (let k = 0; k < writeCount; k++, pc += 2) {
          if (op === OP_WRITE_ALL || tag === 1) bits[code[pc]] = code[pc + 1];
        }
      } else {
        throw new RangeError('the row-by-row interpreter runs compares and writes only');
      }
    }

    array.writeRowBits(row, bits, columns);
  }
}
