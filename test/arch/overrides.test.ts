import { describe, expect, it } from 'vitest';
import { applyOverrides, loadBundledArchitecture, loadBundledTechnology, scaleTechnology } from '../../src/arch/index.js';
import { inputErrorOf } from './helpers.js';

const arch = loadBundledArchitecture();
const sram = loadBundledTechnology('sram');

describe('applyOverrides', () => {
  it('sets an entry by its path', () => {
    const bigger = applyOverrides(arch, { 'cap.rows': 1024 });
    expect(bigger.cap).toEqual({ rows: 1024, columns: 256, bits: 262_144 });
    expect(bigger.provenance['cap.rows'].text).toBe('1024');
    expect(bigger.provenance['cap.rows'].overriddenText).toBe('512');
    expect(bigger.overrides).toEqual({ 'cap.rows': 1024 });
  });

  it('sets a value path with a unit string', () => {
    const tech = applyOverrides(sram, { 'energy.writeBit.value': '2 fJ' });
    expect(tech.energy.writeBitJ).toBe(2e-15);
    expect(tech.provenance['energy.writeBit'].overriddenText).toBe('1 fJ');
    expect(tech.provenance['energy.writeBit'].estimate).toBeTruthy();
  });

  it('leaves the original untouched', () => {
    applyOverrides(arch, { 'cap.rows': 1024, 'clock.frequency': '500 MHz' });
    expect(arch.cap.rows).toBe(512);
    expect(arch.clock.frequencyHz).toBe(1e9);
    expect(arch.provenance['cap.rows'].overriddenText).toBeUndefined();
  });

  it('keeps the first replaced text across chained overrides', () => {
    const once = applyOverrides(arch, { 'cap.rows': 1024 });
    const twice = applyOverrides(once, { 'cap.rows': 2048, 'map.rows': 8192 });
    expect(twice.cap.rows).toBe(2048);
    expect(twice.provenance['cap.rows'].overriddenText).toBe('512');
    expect(twice.overrides).toEqual({ 'cap.rows': 2048, 'map.rows': 8192 });
    expect(twice.file).toBe(arch.file);
  });

  it('changes what scaleTechnology returns', () => {
    const tech = applyOverrides(sram, { 'voltage.max': '1.3 V', 'voltage.sweep.values': ['0.8 V', '1.0 V', '1.3 V'] });
    expect(tech.voltage.sweepV).toEqual([0.8, 1.0, 1.3]);
    expect(scaleTechnology(tech, 1.3).factors.dynamic).toBeCloseTo(1.69, 12);
  });

  it('names the known keys for an unknown path', () => {
    const error = inputErrorOf(() => applyOverrides(arch, { 'cap.rowz': 1024 }));
    expect(error.field).toBe('cap.rowz');
    expect(error.message).toContain('the known keys there are rows, columns');
  });

  it('names the top-level keys for an unknown group', () => {
    const error = inputErrorOf(() => applyOverrides(sram, { 'energies.writeBit.value': '2 fJ' }));
    expect(error.message).toContain('the top level of technology "sram" has no key `energies`');
    expect(error.message).toContain('energy');
  });

  it('validates the overridden value again', () => {
    const error = inputErrorOf(() => applyOverrides(sram, { 'energy.writeBit.value': '2 V' }));
    expect(error.field).toBe('energy.writeBit.value');
    expect(error.message).toContain('is a voltage, but this field is an energy');
  });

  it('rejects a path through a value', () => {
    const error = inputErrorOf(() => applyOverrides(arch, { 'id.name': 'x' }));
    expect(error.message).toContain('is a value, not a group');
  });
});
