import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadScenario } from '../../src/schedule/scenario.js';
import { BUNDLED } from '../../src/util/paths.js';
import { InputError } from '../../src/util/errors.js';

const GPU_CSV = join(BUNDLED.scenarios, 'profiles', 'gpu-t4-hawq.csv');

/** Returns a valid scenario: an AP with two partitions and the bundled T4 profile. */
function baseScenario(): Record<string, unknown> {
  return {
    name: 'small',
    horizonS: 0.5,
    backends: [
      { id: 'ap', kind: 'ap', partitions: 2 },
      { id: 'gpu', kind: 'table', table: GPU_CSV, backend: 't4-tvm', bytesPerSlot: 16e9 },
    ],
    models: [{ id: 'r18', network: 'resnet18', batch: 8, precision: { ap: 'hawq-latency-0.25', gpu: 'int8' } }],
    sources: [{ kind: 'periodic', model: 'r18', periodS: 0.05, deadlineS: 0.05 }],
  };
}

/** Writes `data` as YAML into a fresh folder and returns the InputError of loading it. */
function loadError(data: Record<string, unknown>): { error: InputError; file: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'bitfluid-scenario-')), 'scenario.yaml');
  writeFileSync(file, stringify(data));
  try {
    loadScenario(file);
  } catch (error) {
    if (error instanceof InputError) return { error, file };
    throw error;
  }
  throw new Error('expected an InputError');
}

function edit(change: (data: Record<string, any>) => void): Record<string, unknown> {
  const data = baseScenario();
  change(data);
  return data;
}

describe('loadScenario', () => {
  it('loads a valid scenario', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bitfluid-scenario-')), 'scenario.yaml');
    writeFileSync(file, stringify(baseScenario()));
    const scenario = loadScenario(file);
    expect(scenario.backends.map((backend) => [backend.id, backend.slots])).toEqual([
      ['ap', 2],
      ['gpu', 1],
    ]);
    expect(scenario.seed).toBe(1);
    expect(scenario.models[0].precision.get('gpu')).toBe('int8');
    expect(scenario.placement.backends).toEqual(['ap', 'gpu']);
  });

  it('rejects a negative period', () => {
    const { error, file } = loadError(edit((data) => (data.sources[0].periodS = -0.01)));
    expect(error.message).toBe(`${file}: sources[0].periodS: invalid value -0.01. The period is a number of seconds above 0, for example 0.033.`);
  });

  it('rejects a zero deadline', () => {
    const { error } = loadError(edit((data) => (data.sources[0].deadlineS = 0)));
    expect(error.message).toContain('sources[0].deadlineS: invalid value 0. The relative deadline is a number of seconds above 0');
  });

  it('rejects an unknown network', () => {
    const { error } = loadError(edit((data) => (data.models[0].network = 'resnet19')));
    expect(error.message).toContain('models[0].network: invalid value "resnet19". No bundled network has this id');
  });

  it('rejects an unknown config', () => {
    const { error } = loadError(edit((data) => (data.models[0].precision.ap = 'int3')));
    expect(error.message).toContain('models[0].precision.ap: invalid value "int3"');
    expect(error.message).toContain('int8');
  });

  it('rejects an unknown backend in a precision map', () => {
    const { error } = loadError(edit((data) => (data.models[0].precision.npu = 'int8')));
    expect(error.message).toContain('models[0].precision.npu: invalid value "npu". No backend has this id; the backends are ap, gpu.');
  });

  it('rejects a missing CSV row', () => {
    const { error } = loadError(edit((data) => (data.models[0].precision.gpu = 'hawq-latency-0.25')));
    expect(error.message).toContain('models[0].precision.gpu: invalid value "hawq-latency-0.25"');
    expect(error.message).toContain('no profiled row for model "resnet18" at precision "hawq-latency-0.25"');
    expect(error.message).toContain('resnet18@int8');
  });

  it('rejects a CSV backend name that has no rows', () => {
    const { error } = loadError(edit((data) => (data.backends[1].backend = 't4')));
    expect(error.message).toContain('backends[1].backend: invalid value "t4"');
    expect(error.message).toContain('t4-tvm');
  });

  it('rejects a missing profile file', () => {
    const { error } = loadError(edit((data) => (data.backends[1].table = 'missing.csv')));
    expect(error.message).toContain('missing.csv');
    expect(error.message).toContain('file not found');
  });

  it('rejects a source for an unknown model', () => {
    const { error } = loadError(edit((data) => (data.sources[0].model = 'r50')));
    expect(error.message).toContain('sources[0].model: invalid value "r50". No model has this id; the models are r18.');
  });

  it('rejects an unknown field', () => {
    const { error } = loadError(edit((data) => (data.sources[0].period = 0.05)));
    expect(error.message).toContain('sources[0].period');
    expect(error.message).toContain('the known fields are kind, model, periodS, deadlineS, offsetS');
  });

  it('rejects a partition count that does not divide the clusters', () => {
    const { error } = loadError(edit((data) => (data.backends[0].partitions = 3)));
    expect(error.message).toContain('backends[0].partitions: invalid value 3');
    expect(error.message).toContain('32 clusters');
  });

  it('rejects duplicate backend ids', () => {
    const { error } = loadError(edit((data) => (data.backends[1].id = 'ap')));
    expect(error.message).toContain('backends[1].id: invalid value "ap". Another backend already has this id');
  });
});
