import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slidingWindowOutputSize } from '../../src/network/index.js';

/** Counts the window positions that fit entirely inside the padded input, one by one. */
function countFullWindows(input: number, kernel: number, stride: number, padBefore: number, padAfter: number, dilation: number): number {
  const span = dilation * (kernel - 1) + 1;
  let count = 0;
  for (let start = 0; start + span <= input + padBefore + padAfter; start += stride) count++;
  return count;
}

describe('sliding window output size', () => {
  it('floor mode equals a window count', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        (input, kernel, stride, padBefore, padAfter, dilation) => {
          const expected = countFullWindows(input, kernel, stride, padBefore, padAfter, dilation);
          expect(slidingWindowOutputSize(input, kernel, stride, padBefore, padAfter, dilation, false)).toBe(expected);
        },
      ),
    );
  });

  it('ceil mode keeps a partial last window', () => {
    // MaxPool2d(3, 2, ceil_mode=True) maps 112 to 56, where floor mode gives 55.
    expect(slidingWindowOutputSize(112, 3, 2, 0, 0, 1, true)).toBe(56);
    expect(slidingWindowOutputSize(112, 3, 2, 0, 0, 1, false)).toBe(55);
    expect(slidingWindowOutputSize(14, 3, 2, 0, 0, 1, true)).toBe(7);
    expect(slidingWindowOutputSize(5, 2, 2, 0, 0, 1, true)).toBe(3);
    expect(slidingWindowOutputSize(5, 2, 2, 0, 0, 1, false)).toBe(2);
  });

  it('ceil mode drops a window starting in the right padding', () => {
    // ceil((5 + 2 - 2) / 3) + 1 = 3 windows, but the third starts at 6 ≥ 5 + 1: PyTorch drops it.
    expect(slidingWindowOutputSize(5, 2, 3, 1, 1, 1, true)).toBe(2);
  });

  it('ceil mode never has fewer windows than floor mode', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 4 }),
        (input, kernel, stride) => {
          const padding = Math.floor(kernel / 2);
          const floor = slidingWindowOutputSize(input, kernel, stride, padding, padding, 1, false);
          const ceil = slidingWindowOutputSize(input, kernel, stride, padding, padding, 1, true);
          expect(ceil - floor).toBeGreaterThanOrEqual(0);
          expect(ceil - floor).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('reports a kernel larger than the padded input as 0', () => {
    expect(slidingWindowOutputSize(4, 7, 1, 1, 1, 1, false)).toBe(0);
    expect(slidingWindowOutputSize(4, 3, 1, 0, 0, 2, false)).toBe(0);
  });
});
