/**
 * Fused compare-then-write loops, generated per shape. In V8 a loop over a pass's columns inside
 * the loop over words ran about four times slower than the same pass with its columns unrolled
 * into locals (Node 20, a 3-key, 2-write pass on 2^20 rows). So for each shape (key columns,
 * write columns, chain) up to `MAX_UNROLLED_COLUMNS`, the array uses a loop generated once with
 * `new Function` from integers only. Larger shapes use `genericPass`.
 */
import { popcount32 } from './popcount.js';

/**
 * One pass over the active words. Per word, it ANDs the key columns into the tag, each XORed
 * with its flip mask (0 for key bit 1, −1 for key bit 0). Then it stores the tag and merges the
 * write masks into the tagged bits. Offsets are column × words per column. Returns the number of
 * tagged rows when there are writes, else 0.
 */
export type PassKernel = (
  planes: Int32Array,
  tags: Int32Array,
  words: number,
  lastWordMask: number,
  keyOffsets: Int32Array,
  keyFlips: Int32Array,
  writeOffsets: Int32Array,
  writeMasks: Int32Array,
) => number;

export const MAX_UNROLLED_COLUMNS = 8;

/** Generated loops, indexed by shape so that looking one up allocates nothing. */
const kernels: (PassKernel | undefined)[] = [];

/** Returns the generated pass loop for a shape, or undefined when the shape needs `genericPass`. */
export function passKernel(keyCount: number, writeCount: number, chain: boolean): PassKernel | undefined {
  if (keyCount > MAX_UNROLLED_COLUMNS || writeCount > MAX_UNROLLED_COLUMNS) return undefined;
  const index = (keyCount * (MAX_UNROLLED_COLUMNS + 1) + writeCount) * 2 + (chain ? 1 : 0);
  let kernel = kernels[index];
  if (kernel === undefined) {
    kernel = generatePass(keyCount, writeCount, chain);
    kernels[index] = kernel;
  }
  return kernel;
}

function generatePass(keyCount: number, writeCount: number, chain: boolean): PassKernel {
  const locals: string[] = [];
  for (let k = 0; k < keyCount; k++) locals.push(`const k${k} = keyOffsets[${k}], f${k} = keyFlips[${k}];`);
  for (let k = 0; k < writeCount; k++) locals.push(`const o${k} = writeOffsets[${k}], v${k} = writeMasks[${k}];`);

  const terms = [chain ? 'tags[w]' : '-1'];
  for (let k = 0; k < keyCount; k++) terms.push(`(planes[k${k} + w] ^ f${k})`);
  const writes: string[] = [];
  for (let k = 0; k < writeCount; k++) writes.push(`i = o${k} + w; planes[i] = (planes[i] & ~t) | (t & v${k});`);
  const onTagged = writeCount === 0 ? '' : `if (t !== 0) { let i = 0; ${writes.join(' ')} tagged += popcount32(t); }`;

  const source = `
    return function pass(planes, tags, words, lastWordMask, keyOffsets, keyFlips, writeOffsets, writeMasks) {
      ${locals.join('\n')}
      let tagged = 0;
      const last = words - 1;
      for (let w = 0; w < last; w++) {
        const t = ${terms.join(' & ')};
        tags[w] = t;
        ${onTagged}
      }
      {
        const w = last;
        const t = ${terms.join(' & ')} & lastWordMask;
        tags[w] = t;
        ${onTagged}
      }
      return tagged;
    };`;
  return new Function('popcount32', source)(popcount32) as PassKernel;
}

/** Runs the same pass as the generated loops, for any number of columns. */
export function genericPass(
  planes: Int32Array,
  tags: Int32Array,
  words: number,
  lastWordMask: number,
  keyCount: number,
  keyOffsets: Int32Array,
  keyFlips: Int32Array,
  writeCount: number,
  writeOffsets: Int32Array,
  writeMasks: Int32Array,
  chain: boolean,
): number {
  const last = words - 1;
  let tagged = 0;
  for (let w = 0; w <= last; w++) {
    let tag = chain ? tags[w] : -1;
    for (let k = 0; k < keyCount; k++) tag &= planes[keyOffsets[k] + w] ^ keyFlips[k];
    if (w === last) tag &= lastWordMask;
    tags[w] = tag;
    if (tag !== 0 && writeCount > 0) {
      for (let k = 0; k < writeCount; k++) {
        const index = writeOffsets[k] + w;
        planes[index] = (planes[index] & ~tag) | (tag & writeMasks[k]);
      }
      tagged += popcount32(tag);
    }
  }
  return tagged;
}
