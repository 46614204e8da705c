import { describe, expect, it } from 'vitest';
import { clockAtVoltageHz, loadBundledArchitecture, loadBundledTechnology, scaleTechnology } from '../../src/arch/index.js';
import { inputErrorOf } from './helpers.js';

const sram = loadBundledTechnology('sram');
const reram = loadBundledTechnology('reram');

describe('scaleTechnology', () => {
  it('is the identity at the reference voltage', () => {
    const scaled = scaleTechnology(sram, sram.reference.vddV);
    expect(scaled.factors).toEqual({ dynamic: 1, delay: 1, leakage: 1, none: 1 });
    expect(scaled.energy).toEqual(sram.energy);
    expect(scaled.time).toEqual(sram.time);
    expect(scaled.leakage).toEqual(sram.leakage);
  });

  it('scales dynamic energy with the voltage squared', () => {
    const scaled = scaleTechnology(sram, 0.8);
    expect(scaled.energy.compareBitJ / sram.energy.compareBitJ).toBeCloseTo(0.8 ** 2, 12);
    expect(scaled.energy.writeDriverJ / sram.energy.writeDriverJ).toBeCloseTo(0.64, 12);
  });

  it('scales delay by the alpha-power law', () => {
    // vth = 0.3 V, alpha = 1.3, V_ref = 1.0 V, V = 0.8 V, worked by hand:
    // 0.5^1.3 = exp(1.3 · ln 0.5) = 0.40613, so 0.8 / 0.40613 = 1.96982;
    // 0.7^1.3 = exp(1.3 · ln 0.7) = 0.62895, so 1.0 / 0.62895 = 1.58995;
    // ratio = 1.96982 / 1.58995 = 1.23892.
    const scaled = scaleTechnology(sram, 0.8);
    expect(scaled.factors.delay).toBeCloseTo(1.23892, 4);
    expect(scaled.time.compareS / sram.time.compareS).toBeCloseTo(1.23892, 4);
  });

  it('scales leakage by the declared power law', () => {
    const scaled = scaleTechnology(sram, 0.6);
    expect(scaled.leakage.cellW / sram.leakage.cellW).toBeCloseTo(0.6 ** 3, 12);
  });

  it('keeps the ReRAM cell write energy and pulse at every voltage', () => {
    for (const vddV of reram.voltage.sweepV) {
      const scaled = scaleTechnology(reram, vddV);
      expect(scaled.energy.writeBitJ, `${vddV} V`).toBe(reram.energy.writeBitJ);
      expect(scaled.time.writeS, `${vddV} V`).toBe(reram.time.writeS);
    }
    expect(scaleTechnology(reram, 0.7).energy.writeDriverJ).toBeLessThan(reram.energy.writeDriverJ);
  });

  it('makes lower voltages slower and cheaper over the sweep', () => {
    const points = sram.voltage.sweepV.map((vddV) => scaleTechnology(sram, vddV));
    for (let i = 1; i < points.length; i++) {
      expect(points[i].time.compareS).toBeLessThan(points[i - 1].time.compareS);
      expect(points[i].energy.compareBitJ).toBeGreaterThan(points[i - 1].energy.compareBitJ);
    }
  });

  it('rejects a voltage outside the supported range', () => {
    const error = inputErrorOf(() => scaleTechnology(sram, 1.5));
    expect(error.field).toBe('vdd');
    expect(error.value).toBe(1.5);
    expect(error.message).toContain(
      "vdd 1.5 V is outside the sram technology's supported range 0.6–1.1 V; pick a value in range or edit arch/tech/sram.yaml",
    );
  });

  it('rejects a voltage below the ReRAM minimum', () => {
    const error = inputErrorOf(() => scaleTechnology(reram, 0.6));
    expect(error.message).toContain('0.7–1.1 V');
  });
});

describe('clockAtVoltageHz', () => {
  it('divides the reference clock by the delay factor', () => {
    const arch = loadBundledArchitecture();
    const scaled = scaleTechnology(sram, 0.8);
    expect(clockAtVoltageHz(arch, scaled) / (1e9 / 1.23892)).toBeCloseTo(1, 4);
    expect(clockAtVoltageHz(arch, scaleTechnology(sram, 1.0))).toBe(1e9);
  });
});
