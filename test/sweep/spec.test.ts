import { describe, expect, it } from 'vitest';
import { parseShard } from '../../src/sweep/grid.js';
import { resolveStudy, type ResolvedStudy } from '../../src/sweep/resolve.js';
import { applyStudyFlags, parseSetOption, type StudyFlags } from '../../src/sweep/spec-flags.js';
import { defaultStudySpec, parseStudySpecText } from '../../src/sweep/spec.js';
import { InputError } from '../../src/util/errors.js';
import { createStandInCatalog } from './fixtures/stand-in-model.js';

const catalog = createStandInCatalog();
const FILE = 'study.yaml';

/** Parses and resolves a spec text with optional flags; returns the study and the warnings. */
function resolveText(text: string, flags: StudyFlags = {}): { study: ResolvedStudy; warnings: string[] } {
  const warnings: string[] = [];
  const spec = applyStudyFlags(parseStudySpecText(text, FILE), flags);
  return { study: resolveStudy(spec, catalog, (message) => warnings.push(message)), warnings };
}

/** Returns the InputError that `action` raises. */
function inputErrorOf(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, but nothing was raised');
}

describe('study spec', () => {
  it('resolves the default study', () => {
    const study = resolveStudy(defaultStudySpec(), catalog, () => {});
    expect(study.networks.map((entry) => entry.network)).toEqual(['resnet18', 'alexnet', 'mobilenet-tiny']);
    expect(study.networks[0].configs).toEqual(['fp32', 'int8', 'int4', 'hawq-latency-0.5']);
    expect(study.techs).toEqual([
      { tech: 'sram', vddV: [0.7, 0.8, 0.9] },
      { tech: 'reram', vddV: [0.9, 1.1] },
    ]);
    expect(study.batch).toEqual([1, 16]);
    expect(study.objective).toEqual(['edp']);
    expect(study.overrides).toEqual([]);
  });

  it('reads the documented example', () => {
    const { study } = resolveText(`
networks: [resnet18, alexnet]
configs: all
tech: [sram, reram]
vdd: ["0.9 V", 950 mV]
batch: [1, 16]
objective: latency
set:
  arch.cap.rows: [512, 1024]
  tech.energy.writeBit: "2 fJ"
`);
    expect(study.networks.map((entry) => entry.network)).toEqual(['resnet18', 'alexnet']);
    expect(study.techs).toEqual([
      { tech: 'sram', vddV: [0.9, 0.95] },
      { tech: 'reram', vddV: [0.9, 0.95] },
    ]);
    expect(study.objective).toEqual(['latency']);
    expect(study.overrides).toEqual([
      { path: 'arch.cap.rows', values: [512, 1024] },
      { path: 'tech.energy.writeBit', values: ['2 fJ'] },
    ]);
  });

  it('flattens nested overrides to dotted paths', () => {
    const { study } = resolveText('set: { arch: { cap: { rows: 512 } } }');
    expect(study.overrides).toEqual([{ path: 'arch.cap.rows', values: [512] }]);
  });

  it('reads configs and voltages per key', () => {
    const { study } = resolveText('configs: { resnet18: [int8], alexnet: all }\nvdd: { reram: [1.0] }');
    expect(study.networks).toEqual([
      { network: 'resnet18', configs: ['int8'] },
      { network: 'alexnet', configs: ['int8', 'int4'] },
    ]);
    expect(study.techs).toEqual([
      { tech: 'sram', vddV: [0.7, 0.8, 0.9] },
      { tech: 'reram', vddV: [1.0] },
    ]);
  });

  it('skips configs a network lacks with one warning', () => {
    const { study, warnings } = resolveText('configs: [int8, hawq-latency-0.5]');
    expect(study.networks).toEqual([
      { network: 'resnet18', configs: ['int8', 'hawq-latency-0.5'] },
      { network: 'alexnet', configs: ['int8'] },
      { network: 'mobilenet-tiny', configs: ['int8'] },
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('alexnet (hawq-latency-0.5)');
  });

  it('treats an empty file as the default study', () => {
    expect(resolveText('').study).toEqual(resolveStudy(defaultStudySpec(), catalog, () => {}));
  });
});

describe('study spec errors', () => {
  it('names an unknown network and lists the known ones', () => {
    const error = inputErrorOf(() => resolveText('networks: [resnet18, resnet99]'));
    expect(error.file).toBe(FILE);
    expect(error.field).toBe('networks[1]');
    expect(error.value).toBe('resnet99');
    expect(error.message).toContain('resnet18, alexnet, mobilenet-tiny');
  });

  it('names an unknown config and lists the bundled ones', () => {
    const error = inputErrorOf(() => resolveText('networks: [alexnet]\nconfigs: [int3]'));
    expect(error.value).toBe('int3');
    expect(error.message).toContain('alexnet: int8, int4');
  });

  it('rejects a config that an explicitly named network lacks', () => {
    const error = inputErrorOf(() => resolveText('networks: [resnet18, alexnet]\nconfigs: [fp32]'));
    expect(error.message).toContain('alexnet has no bundled config fp32');
  });

  it('names an unknown technology', () => {
    const error = inputErrorOf(() => resolveText('tech: [sram, flash]'));
    expect(error.field).toBe('tech[1]');
    expect(error.message).toContain('sram, reram');
  });

  it('names the range of a voltage out of range', () => {
    const error = inputErrorOf(() => resolveText('tech: [reram]\nvdd: [0.7]'));
    expect(error.file).toBe(FILE);
    expect(error.field).toBe('vdd');
    expect(error.message).toContain('0.8 V to 1.2 V');
  });

  it('rejects a voltage that is not a voltage', () => {
    const error = inputErrorOf(() => resolveText('vdd: [0.7, fast]'));
    expect(error.field).toBe('vdd[1]');
    expect(error.value).toBe('fast');
  });

  it('rejects an unknown field', () => {
    const error = inputErrorOf(() => resolveText('network: [resnet18]'));
    expect(error.field).toBe('network');
    expect(error.message).toContain('networks, configs, tech');
  });

  it('rejects a batch of zero', () => {
    const error = inputErrorOf(() => resolveText('batch: [1, 0]'));
    expect(error.field).toBe('batch[1]');
  });

  it('rejects a repeated value', () => {
    const error = inputErrorOf(() => resolveText('batch: [16, 16]'));
    expect(error.message).toContain('listed twice');
  });

  it('reports invalid YAML with the file', () => {
    const error = inputErrorOf(() => resolveText('networks: [resnet18'));
    expect(error.file).toBe(FILE);
    expect(error.message).toContain('not valid YAML');
  });

  it('passes override errors from the catalog with the location', () => {
    const error = inputErrorOf(() => resolveText('set:\n  arch.cap.colums: 4'));
    expect(error.file).toBe(FILE);
    expect(error.field).toBe('set.arch.cap.colums');
    expect(error.message).toContain('arch.cap.rows');
  });
});

describe('study flags', () => {
  it('replace the fields of the file', () => {
    const { study } = resolveText('networks: [alexnet]\nbatch: [4]', {
      network: ['resnet18'],
      config: ['int8,int4'],
      tech: ['reram'],
      vdd: ['0.9', '1.0 V'],
      batch: ['1,2'],
      objective: ['energy'],
    });
    expect(study).toEqual({
      networks: [{ network: 'resnet18', configs: ['int8', 'int4'] }],
      techs: [{ tech: 'reram', vddV: [0.9, 1.0] }],
      batch: [1, 2],
      objective: ['energy'],
      overrides: [],
    });
  });

  it('replace one override path and keep the others', () => {
    const { study } = resolveText('set:\n  arch.cap.rows: 512\n  arch.cap.count: 2', { set: ['arch.cap.rows=[256, 1024]'] });
    expect(study.overrides).toEqual([
      { path: 'arch.cap.rows', values: [256, 1024] },
      { path: 'arch.cap.count', values: [2] },
    ]);
  });

  it('name the option in errors', () => {
    const error = inputErrorOf(() => resolveText('', { network: ['vgg99'] }));
    expect(error.file).toBeUndefined();
    expect(error.field).toBe('--network');
  });

  it('name the range for an out-of-range --vdd', () => {
    const error = inputErrorOf(() => resolveText('', { tech: ['sram'], vdd: ['1.5'] }));
    expect(error.field).toBe('--vdd');
    expect(error.message).toContain('0.6 V to 1 V');
  });
});

describe('parseSetOption', () => {
  it.each([
    ['arch.cap.rows=512', [512]],
    ['arch.cap.rows=512,1024', [512, 1024]],
    ['arch.cap.rows=[512, 1024]', [512, 1024]],
    ['tech.energy.writeBit=2 fJ', ['2 fJ']],
    ['tech.energy.writeBit=["2 fJ", "3 fJ"]', ['2 fJ', '3 fJ']],
  ])('parses %s', (option, values) => {
    expect(parseSetOption(option).values).toEqual(values);
  });

  it.each([
    ['arch.cap.rows', 'no "="'],
    ['=512', 'not a dotted path'],
    ['arch..rows=512', 'not a dotted path'],
    ['arch.cap.rows=', 'empty'],
    ['arch.cap.rows=512,,1024', 'non-empty'],
    ['arch.cap.rows=[512, 1024', 'flow list'],
    ['arch.cap.rows=[]', 'flow list'],
  ])('rejects %s', (option, reason) => {
    const error = inputErrorOf(() => parseSetOption(option));
    expect(error.field).toMatch(/^--set/);
    expect(error.message).toContain(reason);
  });

  it('rejects a path given twice', () => {
    const error = inputErrorOf(() => applyStudyFlags(defaultStudySpec(), { set: ['arch.cap.rows=1', 'arch.cap.rows=2'] }));
    expect(error.message).toContain('set twice');
  });
});

describe('parseShard', () => {
  it('parses K/N', () => {
    expect(parseShard('2/4')).toEqual({ k: 2, n: 4 });
  });

  it.each(['3/2', '0/2', '1/0', 'a/b', '2', '-1/2', '1.5/2'])('rejects %s', (text) => {
    const error = inputErrorOf(() => parseShard(text));
    expect(error.field).toBe('--shard');
    expect(error.message).toContain('1 <= K <= N');
  });
});
