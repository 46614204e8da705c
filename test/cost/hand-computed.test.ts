import { describe, expect, it } from 'vitest';
import { evaluateNetwork } from '../../src/cost/evaluate.js';
import { bundledArch, bundledTech, singleConvNetwork, uniformConfig } from '../helpers/descriptions.js';

/**
 * A 1×1 conv with 2 input channels, 1 output channel, on a 2×2 map: K = 2 terms, 4 positions.
 * Activations are 4-bit unsigned, weights 4-bit signed, so the exact accumulator is
 * 4 + 4 + ceil(log2 2) = 9 bits. The conv is the network's last layer, so it keeps its
 * accumulator (no requantization, no ReLU). Every cycle count below is worked out by hand from
 * the closed forms in docs/ap-operations.md (m = activation bits = 4, n = weight bits = 4).
 */
describe('1×1 conv priced by hand', () => {
  const network = singleConvNetwork({ inChannels: 2, outChannels: 1, size: 2, kernel: 1 });
  const config = uniformConfig(network, { weightBits: 4, actBits: 4, actSigned: false });
  const sram = bundledTech('sram');

  it('product-reduce takes 273 cycles', () => {
    // One chunk of K_c = 2 rows per output, G = min(512 / 2, 4) = 4 outputs in one CAP: 8 rows.
    // The products are sign-extended to the 9-bit sum width (8 product bits + 1 tree level).
    const clearAccumulator = 1;
    const loadOperands = 4 + 4; // one column write per activation bit and per weight bit
    const multiply = 2 * (4 + (4 - 1) * (4 * 4 - 1)) + 1; // unsigned a: P = m + (n − 1)(4m − 1) = 49, cycles 2P + 1
    const reduce = 1 * (10 * 9 - 3) + 0; // L(10b − 3) + U with L = 1, b = 9; K − 1 = 1 has bit 0 set, so U = 0
    const accumulate = 2 * (2 + 4 * (9 - 1) + 0) + 1; // add(9, signed, 9): q = 9, P = 2 + 4(q − 1) = 34
    const storeAccumulator = 9; // one column read per accumulator bit
    const expected = clearAccumulator + loadOperands + multiply + reduce + accumulate + storeAccumulator;
    expect(expected).toBe(273);

    const result = evaluateNetwork({ network, config, arch: bundledArch(), tech: sram, batch: 1, strategies: ['product-reduce'] });
    const conv = result.layers[0];
    expect(conv.strategy).toBe('product-reduce');
    expect(conv.items).toBe(1);
    expect(conv.rowsPerItem).toBe(8);
    expect(conv.apUnitCycles).toBe(expected);
    // SRAM takes one clock cycle per compare, write, column read and column write at 1.0 V, and
    // the 100 bits of traffic (2 transfers of 1 cycle on the 256-bit bus) overlap the computation.
    expect(conv.cycles).toBe(expected);
    expect(conv.exact).toBe(true);
  });

  it('output-broadcast with weights [2, −1] takes 178 cycles', () => {
    const weights = new Map([['conv', [2, -1]]]);
    const clearAccumulator = 1;
    const loadActivations = 2 * 4; // two nonzero taps, 4 column writes each
    // macConst(c = 2): mulConst is one positive digit, m = 4 passes and 1 all-row write (9 cycles),
    // then add(m + bl(2) + 2 = 8 bits, unsigned, into 9): P = 2 + 4·7 + (9 − 8)·2 = 32.
    const timesTwo = 9 + 2 * 32 + 1;
    // macConst(c = −1): one negative digit, 2m = 8 passes and 1 all-row write (17 cycles),
    // then add(m + bl(1) + 2 = 7 bits, signed, into 9): P = 2 + 4·6 + (9 − 7)·4 = 34.
    const timesMinusOne = 17 + 2 * 34 + 1;
    const storeAccumulator = 9;
    const expected = clearAccumulator + loadActivations + timesTwo + timesMinusOne + storeAccumulator;
    expect(expected).toBe(178);

    const result = evaluateNetwork({
      network,
      config,
      arch: bundledArch(),
      tech: sram,
      batch: 1,
      strategies: ['output-broadcast'],
      mapping: { weights },
    });
    const conv = result.layers[0];
    expect(conv.strategy).toBe('output-broadcast');
    expect(conv.rowsPerItem).toBe(4);
    expect(conv.apUnitCycles).toBe(expected);
    expect(conv.cycles).toBe(expected);
    expect(conv.exact).toBe(true);
  });

  it('zero weights cost nothing', () => {
    const result = evaluateNetwork({
      network,
      config,
      arch: bundledArch(),
      tech: sram,
      batch: 1,
      strategies: ['output-broadcast'],
      mapping: { weights: new Map([['conv', [0, 0]]]) },
    });
    // Only clearing the accumulator and storing it remain.
    expect(result.layers[0].apUnitCycles).toBe(1 + 9);
  });

  it('ReRAM writes take ten cycles at 1.0 V', () => {
    // reram: compare 1.7 ns (2 cycles of the 1 GHz clock), write 10 ns (10 cycles), column
    // read 1 ns (1 cycle), column write 10 ns (10 cycles).
    const result = evaluateNetwork({ network, config, arch: bundledArch(), tech: bundledTech('reram'), batch: 1, strategies: ['product-reduce'] });
    const conv = result.layers[0];
    // Compares and writes of each step, from the closed forms above.
    const compares = 49 + (1 * (4 * 9 - 2)) + 34;
    const writes = 1 + 50 + 1 * (4 * 9 - 1) + 35;
    const columnWrites = 8 + 9; // operand loads, plus one column write per bit in the reduction move
    const columnReads = 9 + 9; // reduction move, plus the stored accumulator
    expect(conv.apUnitCycles).toBe(compares + writes + columnWrites + columnReads);
    expect(conv.cycles).toBe(2 * compares + 10 * writes + 10 * columnWrites + 1 * columnReads);
  });
});
