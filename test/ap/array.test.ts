import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApArray, buildOp, countOp, runRowByRow, type Bit, type Instruction } from '../../src/ap/index.js';
import { SeededRandom } from '../../src/util/random.js';

function randomArray(rows: number, columns: number, seed: number): ApArray {
  const random = new SeededRandom(seed);
  const array = new ApArray(rows, columns);
  for (let column = 0; column < columns; column++) {
    const words = new Int32Array(array.wordsPerColumn);
    for (let word = 0; word < words.length; word++) words[word] = random.nextUint32() | 0;
    array.setColumn(column, words);
  }
  return array;
}

describe('ApArray primitives', () => {
  it('compare tags exactly the matching rows and chain ANDs', () => {
    const array = randomArray(70, 4, 1);
    array.compare([0, 2], [1, 0]);
    for (let row = 0; row < 70; row++) {
      expect(array.getTag(row)).toBe(array.getBit(row, 0) === 1 && array.getBit(row, 2) === 0 ? 1 : 0);
    }
    const first = Array.from({ length: 70 }, (_, row) => array.getTag(row));
    array.compare([3], [1], true);
    for (let row = 0; row < 70; row++) expect(array.getTag(row)).toBe(first[row] === 1 && array.getBit(row, 3) === 1 ? 1 : 0);
    expect(array.counters.compares).toBe(2);
    expect(array.counters.comparedColumns).toBe(3);
    expect(array.counters.rowsCompared).toBe(140);
  });

  it('write changes tagged rows only and counts tagged rows and bits', () => {
    const array = randomArray(70, 4, 2);
    const before = array.snapshot();
    array.compare([0], [1]);
    const tagged = Array.from({ length: 70 }, (_, row) => array.getTag(row));
    const old = Array.from({ length: 70 }, (_, row) => [array.getBit(row, 1), array.getBit(row, 2)]);
    array.write([1, 2], [1, 0]);
    const count = tagged.filter((bit) => bit === 1).length;
    for (let row = 0; row < 70; row++) {
      expect(array.getBit(row, 1)).toBe(tagged[row] === 1 ? 1 : old[row][0]);
      expect(array.getBit(row, 2)).toBe(tagged[row] === 1 ? 0 : old[row][1]);
    }
    expect(array.counters.rowsTagged).toBe(count);
    expect(array.counters.bitsWritten).toBe(2 * count);
    expect(array.getColumn(0)).toEqual(before.slice(0, array.wordsPerColumn));
  });

  it('rows past the row count are never tagged or written', () => {
    const array = new ApArray(37, 2);
    array.compare([0], [0]);
    array.write([1], [1]);
    expect(array.counters.rowsTagged).toBe(37);
    array.writeAll([0], [1]);
    const words = array.snapshot();
    expect(words[1] >>> 5).toBe(0);
    expect(words[3] >>> 5).toBe(0);
  });

  it('active rows limit compute and counters', () => {
    const array = randomArray(100, 3, 3);
    const before = array.snapshot();
    array.activeRows = 41;
    array.writeAll([0, 1], [1, 0]);
    array.compare([0], [1]);
    array.write([2], [1]);
    for (let row = 0; row < 100; row++) {
      for (let column = 0; column < 3; column++) {
        const old = (before[column * 4 + (row >>> 5)] >>> (row & 31)) & 1;
        const want = row < 41 ? [1, 0, 1][column] : old;
        expect(array.getBit(row, column)).toBe(want);
      }
    }
    expect(array.counters.rowsCompared).toBe(41);
    expect(array.counters.rowsTagged).toBe(41 + 41);
    expect(array.counters.bitsWritten).toBe(2 * 41 + 41);
    expect(() => {
      array.activeRows = 101;
    }).toThrow(RangeError);
  });

  it('row read and row write move one word between rows', () => {
    const array = randomArray(50, 20, 4);
    const source = { offset: 2, bits: 7, signed: true };
    const target = { offset: 11, bits: 7, signed: true };
    const value = array.getField(33, source);
    const others = array.getField(5, source);
    array.rowRead(33, 2, 7);
    array.rowWrite(5, 11, 7);
    expect(array.getField(5, target)).toBe(value);
    expect(array.getField(5, source)).toBe(others);
    expect(array.counters.rowReads).toBe(1);
    expect(array.counters.rowWrites).toBe(1);
    expect(array.counters.cycles).toBe(2);
  });

  it('column write moves a column by any row offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: -90, max: 90 }), fc.integer({ min: 0, max: 1000 }), (rows, offset, seed) => {
        const array = randomArray(rows + 7, 2, seed);
        array.activeRows = rows;
        const before = array.snapshot();
        const source = Array.from({ length: rows + 7 }, (_, row) => array.getBit(row, 0));
        array.columnRead(0);
        array.columnWrite(1, offset);
        for (let row = 0; row < rows + 7; row++) {
          const from = row - offset;
          const old = (before[array.wordsPerColumn + (row >>> 5)] >>> (row & 31)) & 1;
          let want = 0;
          if (row >= rows) want = old;
          else if (from >= 0 && from < rows) want = source[from];
          expect(array.getBit(row, 1)).toBe(want);
        }
        expect(array.counters.columnReads).toBe(1);
        expect(array.counters.columnWrites).toBe(1);
      }),
      { numRuns: 60 },
    );
  });

  it('counted load writes the active rows of one column', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 150 }), fc.integer({ min: 0, max: 1000 }), (rows, seed) => {
        const array = randomArray(rows + 40, 3, seed);
        array.activeRows = rows;
        const before = array.snapshot();
        const plane = new Int32Array(array.wordsPerColumn);
        const random = new SeededRandom(seed + 1);
        for (let word = 0; word < plane.length; word++) plane[word] = random.nextUint32() | 0;
        array.loadColumn(1, plane);
        for (let row = 0; row < rows + 40; row++) {
          const loaded = (plane[row >>> 5] >>> (row & 31)) & 1;
          const old = (before[array.wordsPerColumn + (row >>> 5)] >>> (row & 31)) & 1;
          expect(array.getBit(row, 1)).toBe(row < rows ? loaded : old);
        }
        expect(array.getColumn(0)).toEqual(before.slice(0, array.wordsPerColumn));
        expect(array.counters.columnWrites).toBe(1);
        expect(array.counters.cycles).toBe(1);
        expect(array.counters.bitsWritten).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it('counted store returns the active rows of one column', () => {
    const array = randomArray(75, 2, 5);
    array.activeRows = 40;
    const plane = array.storeColumn(1);
    expect(plane.length).toBe(array.wordsPerColumn);
    for (let row = 0; row < 75; row++) expect((plane[row >>> 5] >>> (row & 31)) & 1).toBe(row < 40 ? array.getBit(row, 1) : 0);
    expect(array.counters.columnReads).toBe(1);
    expect(array.counters.cycles).toBe(1);
  });

  it('counted load rejects a short bit-plane', () => {
    const array = new ApArray(70, 1);
    expect(() => array.loadColumn(0, new Int32Array(2))).toThrow(/needs at least 3 words/);
    expect(array.counters.cycles).toBe(0);
  });

  it('counts the columns each write names', () => {
    const array = randomArray(50, 4, 9);
    array.compare([0], [1]);
    array.write([1, 2], [0, 1]);
    array.writeAll([3], [1]);
    expect(array.counters.writtenColumns).toBe(3);
  });

  it('column pattern write repeats with the period', () => {
    const array = new ApArray(100, 1);
    array.columnWritePattern(0, 7, [0, 3]);
    for (let row = 0; row < 100; row++) expect(array.getBit(row, 0)).toBe(row % 7 === 0 || row % 7 === 3 ? 1 : 0);
  });

  it('rejects programs outside the array', () => {
    const array = new ApArray(10, 4);
    expect(() => array.compare([4], [1])).toThrow(/column 4/);
    expect(() => array.rowRead(10, 0, 1)).toThrow(/row 10/);
    expect(() => array.setField(0, { offset: 0, bits: 3, signed: true }, 4n)).toThrow(/does not fit/);
  });
});

describe('engine against the row-by-row interpreter', () => {
  const instruction = (columns: number): fc.Arbitrary<Instruction> => {
    const assignment = fc.uniqueArray(fc.integer({ min: 0, max: columns - 1 }), { minLength: 1, maxLength: Math.min(columns, 10) }).chain((cols) =>
      fc.tuple(fc.constant(cols), fc.array(fc.constantFrom<Bit>(0, 1), { minLength: cols.length, maxLength: cols.length })),
    );
    return fc.oneof(
      fc.tuple(assignment, fc.boolean()).map(([[cols, key], chain]): Instruction => ({ kind: 'compare', columns: cols, key, chain })),
      assignment.map(([cols, values]): Instruction => ({ kind: 'write', columns: cols, values })),
      assignment.map(([cols, values]): Instruction => ({ kind: 'writeAll', columns: cols, values })),
    );
  };

  it('random compare and write programs give the same bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 130 }), fc.array(instruction(12), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 1000 }), (rows, instructions, seed) => {
        const engine = randomArray(rows, 12, seed);
        const reference = randomArray(rows, 12, seed);
        engine.run({ instructions });
        runRowByRow({ instructions }, reference);
        expect(engine.snapshot()).toEqual(reference.snapshot());
      }),
      { numRuns: 150 },
    );
  });

  it('an 8x8 signed multiply gives the same bits both ways', () => {
    const built = buildOp({ op: 'mul', aBits: 8, aSigned: true, bBits: 8, bSigned: true });
    const engine = randomArray(300, built.columns, 11);
    const reference = randomArray(300, built.columns, 11);
    engine.run(built.program);
    runRowByRow(built.program, reference);
    expect(engine.snapshot()).toEqual(reference.snapshot());
  });
});

describe('hand-checked programs', () => {
  it('2-bit add on 4 rows, traced pass by pass', () => {
    // Rows: a = 0, 1, 2, 3 and b = 3, 3, 1, 2; b ← b + a gives 3, 0, 3, 1 (mod 4).
    const built = buildOp({ op: 'add', aBits: 2, bBits: 2 }, 0);
    const { a, b, carry } = built.fields;
    expect([a.offset, b.offset, carry.offset]).toEqual([0, 2, 4]);
    const array = new ApArray(4, built.columns);
    array.loadField(a, [0n, 1n, 2n, 3n]);
    array.loadField(b, [3n, 3n, 1n, 2n]);

    // Bit 0 (carry known 0): (c,a,b) = 011 → c1 b0 tags row 1; 010 → b1 tags row 3.
    // Bit 1: 011 tags row 3; 010 tags row 2; 100 tags nothing; 101 tags row 1.
    const expectedTags = [[1], [3], [3], [2], [], [1]];
    const tagsAfterCompares: number[][] = [];
    for (const instruction of built.program.instructions) {
      array.execute(instruction);
      if (instruction.kind === 'compare') tagsAfterCompares.push([0, 1, 2, 3].filter((row) => array.getTag(row) === 1));
    }
    expect(tagsAfterCompares).toEqual(expectedTags);
    expect(array.readField(b)).toEqual([3n, 0n, 3n, 1n]);
    expect(array.readField(a)).toEqual([0n, 1n, 2n, 3n]);
    expect(array.counters.compares).toBe(6);
    expect(array.counters.writes).toBe(7);
    expect(array.counters.cycles).toBe(13);
    expect(countOp({ op: 'add', aBits: 2, bBits: 2 }).cycles).toBe(13);
  });

  it('tagged-row counts match the fair-coin estimate on uniform data', () => {
    // A 16-bit copy compares one data bit per pass, which is a fair coin on uniform data.
    const spec = { op: 'copy' as const, aBits: 16, bits: 16 };
    const built = buildOp(spec);
    const array = randomArray(20000, built.columns, 12);
    array.run(built.program);
    const estimate = countOp(spec).expectedTaggedRowsPerRow;
    expect(estimate).toBe(1 + 16 * 0.5);
    expect(Math.abs(array.counters.rowsTagged / 20000 - estimate)).toBeLessThan(0.1);
  });
});

describe('instruction checks', () => {
  it('rejects malformed instructions before running', () => {
    const array = new ApArray(10, 4);
    expect(() => array.compare([0, 1], [1])).toThrow(/2 columns but 1 key or value bits/);
    expect(() => array.write([1, 1], [0, 1])).toThrow(/column 1 is listed twice/);
    expect(() => array.writeAll([2], [2 as Bit])).toThrow(/must be 0 or 1/);
    expect(() => array.columnWritePattern(0, 3, [3])).toThrow(/outside the period 3/);
    expect(array.counters.cycles).toBe(0);
  });
});
