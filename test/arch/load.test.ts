import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  listBundledArchitectures,
  listBundledTechnologies,
  loadArchitecture,
  loadBundledArchitecture,
  loadBundledTechnology,
  loadTechnology,
  parseArchitecture,
  parseTechnology,
} from '../../src/arch/index.js';
import { bundledDocument, inputErrorOf } from './helpers.js';

describe('bundled architecture', () => {
  const arch = loadBundledArchitecture();

  it('is listed and loads by default id', () => {
    expect(listBundledArchitectures()).toContain('bf-imna');
    expect(arch.id).toBe('bf-imna');
  });

  it('converts sizes and rates to SI', () => {
    expect(arch.cap).toEqual({ rows: 512, columns: 256, bits: 131_072 });
    expect(arch.map).toEqual({ rows: 4096, columns: 256, bits: 1_048_576 });
    expect(arch.hierarchy).toEqual({ clusters: 32, capsPerCluster: 16, mapsPerCluster: 8, caps: 512, maps: 256 });
    expect(arch.clock).toEqual({ frequencyHz: 1e9, periodS: 1e-9 });
    expect(arch.interconnect.cluster.widthBits).toBe(256);
    expect(arch.interconnect.cluster.energyPerBitJ).toBe(1e-13);
    expect(arch.interconnect.mapToCapBitsPerS).toBe(2.56e11);
    expect(arch.offChip.bandwidthBitsPerS).toBe(2.048e11);
    expect(arch.controller.staticPowerPerApW).toBe(5e-6);
    expect(arch.ap.multiColumnWriteOneCycle).toBe(true);
  });

  it('records provenance for every entry', () => {
    expect(arch.provenance['cap.rows'].text).toBe('512');
    expect(arch.provenance['cap.rows'].estimate).toContain('SMLE-CAM');
    expect(arch.provenance['clock.frequency'].text).toBe('1 GHz');
    expect(Object.keys(arch.provenance)).toHaveLength(22);
    for (const [path, entry] of Object.entries(arch.provenance)) {
      expect(entry.source ?? entry.estimate, path).toBeTruthy();
    }
  });

  it('reads a file by path', () => {
    const folder = mkdtempSync(join(tmpdir(), 'bitfluid-arch-'));
    const path = join(folder, 'small.yaml');
    const document = bundledDocument('bf-imna.yaml');
    document.cap.rows.value = 64;
    writeFileSync(path, JSON.stringify(document));
    expect(loadArchitecture(path).cap.rows).toBe(64);
  });

  it('names the known ids for an unknown one', () => {
    const error = inputErrorOf(() => loadBundledArchitecture('tpu'));
    expect(error.message).toContain('bf-imna');
  });
});

describe('bundled technologies', () => {
  it('lists sram and reram', () => {
    expect(listBundledTechnologies()).toEqual(['reram', 'sram']);
  });

  it.each(['sram', 'reram'])('%s loads with a reference point, range and sweep', (id) => {
    const tech = loadBundledTechnology(id);
    expect(tech.id).toBe(id);
    expect(tech.reference).toEqual({ nodeM: 9e-8, vddV: 1 });
    expect(tech.voltage.sweepV.length).toBeGreaterThanOrEqual(3);
    for (const v of tech.voltage.sweepV) {
      expect(v).toBeGreaterThanOrEqual(tech.voltage.minV);
      expect(v).toBeLessThanOrEqual(tech.voltage.maxV);
    }
    for (const [path, entry] of Object.entries(tech.provenance)) {
      expect(entry.source ?? entry.estimate, path).toBeTruthy();
    }
  });

  it('reads the cited SRAM compare energy and time', () => {
    const sram = loadBundledTechnology('sram');
    expect(sram.energy.compareBitJ).toBe(1.15e-16);
    expect(sram.time.compareS).toBe(3.616e-10);
    expect(sram.provenance['energy.compareBit'].source).toContain('SMLE-CAM');
    expect(sram.scaling['energy.compareBit']).toBe('dynamic');
  });

  it('makes ReRAM writes slower than compares and SRAM writes', () => {
    const reram = loadBundledTechnology('reram');
    const sram = loadBundledTechnology('sram');
    expect(reram.time.writeS).toBeGreaterThan(reram.time.compareS);
    expect(reram.time.writeS).toBeGreaterThan(sram.time.writeS);
    expect(reram.energy.writeBitJ).toBeGreaterThan(100 * sram.energy.writeBitJ);
    expect(reram.scaling['energy.writeBit']).toBe('none');
  });

  it('reads a file by path', () => {
    const folder = mkdtempSync(join(tmpdir(), 'bitfluid-tech-'));
    const path = join(folder, 'tech.yaml');
    const document = bundledDocument('tech/sram.yaml');
    document.energy.writeBit.value = '3 fJ';
    writeFileSync(path, JSON.stringify(document));
    expect(loadTechnology(path).energy.writeBitJ).toBe(3e-15);
  });
});

describe('description errors', () => {
  it('rejects a negative size', () => {
    const document = bundledDocument('bf-imna.yaml');
    document.cap.rows.value = -512;
    const error = inputErrorOf(() => parseArchitecture(document, 'arch.yaml'));
    expect(error.file).toBe('arch.yaml');
    expect(error.field).toBe('cap.rows.value');
    expect(error.value).toBe(-512);
    expect(error.message).toContain('greater than 0');
  });

  it('rejects a fractional row count', () => {
    const document = bundledDocument('bf-imna.yaml');
    document.map.rows.value = 100.5;
    const error = inputErrorOf(() => parseArchitecture(document, 'arch.yaml'));
    expect(error.field).toBe('map.rows.value');
  });

  it('rejects an unknown unit', () => {
    const document = bundledDocument('tech/sram.yaml');
    document.energy.writeDriver.value = '50 fJJ';
    const error = inputErrorOf(() => parseTechnology(document, 'sram.yaml'));
    expect(error.field).toBe('energy.writeDriver.value');
    expect(error.value).toBe('50 fJJ');
    expect(error.message).toContain('Unit "fJJ" not found');
  });

  it('rejects an energy given in volts', () => {
    const document = bundledDocument('tech/sram.yaml');
    document.energy.compareBit.value = '0.9 V';
    const error = inputErrorOf(() => parseTechnology(document, 'sram.yaml'));
    expect(error.field).toBe('energy.compareBit.value');
    expect(error.message).toContain('is a voltage, but this field is an energy');
  });

  it('rejects a number without a unit', () => {
    const document = bundledDocument('tech/sram.yaml');
    document.time.write.value = 500;
    const error = inputErrorOf(() => parseTechnology(document, 'sram.yaml'));
    expect(error.field).toBe('time.write.value');
    expect(error.message).toContain('A bare number has no unit');
  });

  it('rejects an entry without source or estimate', () => {
    const document = bundledDocument('tech/reram.yaml');
    delete document.leakage.cell.estimate;
    const error = inputErrorOf(() => parseTechnology(document, 'reram.yaml'));
    expect(error.field).toBe('leakage.cell');
    expect(error.message).toContain('add `source:` (a citation) or `estimate:`');
  });

  it('rejects an entry with both source and estimate', () => {
    const document = bundledDocument('bf-imna.yaml');
    document.cap.columns.source = 'a paper';
    const error = inputErrorOf(() => parseArchitecture(document));
    expect(error.field).toBe('cap.columns');
    expect(error.message).toContain('not both');
  });

  it('rejects a missing scaling rule', () => {
    const document = bundledDocument('tech/sram.yaml');
    delete document.energy.matchLine.scaling;
    const error = inputErrorOf(() => parseTechnology(document));
    expect(error.field).toBe('energy.matchLine.scaling');
    expect(error.message).toContain('dynamic, none');
  });

  it('rejects a delay rule on an energy', () => {
    const document = bundledDocument('tech/sram.yaml');
    document.energy.matchLine.scaling = 'delay';
    const error = inputErrorOf(() => parseTechnology(document));
    expect(error.field).toBe('energy.matchLine.scaling');
  });

  it('rejects a missing field', () => {
    const document = bundledDocument('tech/sram.yaml');
    delete document.time.rowRead;
    const error = inputErrorOf(() => parseTechnology(document, 'sram.yaml'));
    expect(error.field).toBe('time.rowRead');
    expect(error.message).toContain('Missing required field `time.rowRead`');
  });

  it('rejects an unknown field and lists the known ones', () => {
    const document = bundledDocument('bf-imna.yaml');
    document.cap.row = { value: 512, estimate: 'typo' };
    const error = inputErrorOf(() => parseArchitecture(document));
    expect(error.field).toBe('cap.row');
    expect(error.message).toContain('Unknown field(s) `row`; the known fields are rows, columns');
  });

  it('rejects a sweep voltage outside the range', () => {
    const document = bundledDocument('tech/sram.yaml');
    document.voltage.sweep.values.push('1.3 V');
    const error = inputErrorOf(() => parseTechnology(document, 'sram.yaml'));
    expect(error.field).toBe('voltage.sweep.values[6]');
    expect(error.message).toContain('0.6–1.1 V');
  });

  it('rejects a sweep of two points', () => {
    const document = bundledDocument('tech/sram.yaml');
    document.voltage.sweep.values = ['0.8 V', '1.0 V'];
    const error = inputErrorOf(() => parseTechnology(document));
    expect(error.field).toBe('voltage.sweep.values');
    expect(error.message).toContain('at least 3');
  });

  it('rejects a minimum voltage at the threshold', () => {
    const document = bundledDocument('tech/sram.yaml');
    document.voltage.min.value = '0.3 V';
    const error = inputErrorOf(() => parseTechnology(document));
    expect(error.field).toBe('voltage.min.value');
    expect(error.message).toContain('threshold voltage');
  });

  it('reports invalid YAML with its line', () => {
    const folder = mkdtempSync(join(tmpdir(), 'bitfluid-tech-'));
    const path = join(folder, 'broken.yaml');
    writeFileSync(path, 'id: broken\nenergy: { compareBit: \n');
    const error = inputErrorOf(() => loadTechnology(path));
    expect(error.file).toBe(path);
    expect(error.message).toContain('not valid YAML');
  });
});
