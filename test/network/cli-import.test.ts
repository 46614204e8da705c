import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../src/network/index.js';
import { runCli } from '../helpers/cli.js';
import { OnnxModelBuilder } from './helpers/onnx-builder.js';
import { buildResnet18Onnx } from './helpers/torchvision-onnx.js';

function workDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'bitfluid-cli-import-'));
}

describe('bitfluid import', () => {
  it('writes a network file from an ONNX model', () => {
    const directory = workDirectory();
    const model = join(directory, 'resnet18.onnx');
    const out = join(directory, 'networks', 'mine.json');
    writeFileSync(model, buildResnet18Onnx());

    const result = runCli(['import', model, '--out', out, '--id', 'mine']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`wrote ${out}: network "mine", 69 layers, 11,689,512 params, 1,814,073,344 MACs per image`);

    const network = loadNetworkFile(out);
    expect(network.id).toBe('mine');
    expect(network.totals.macs).toBe(1_814_073_344);
    expect(network.byName.get('layer4.1.relu_1')?.outputShape).toEqual({ channels: 512, height: 7, width: 7 });
  });

  it('takes the input shape option', () => {
    const directory = workDirectory();
    const builder = new OnnxModelBuilder(13);
    builder.input('x', ['batch', 3, 'height', 'width']);
    builder.output(builder.node('Conv', ['x', builder.initializer('w', [8, 3, 3, 3])], { strides: [2, 2] }, 'conv'));
    const model = join(directory, 'dynamic.onnx');
    writeFileSync(model, builder.build());
    const out = join(directory, 'dynamic.json');

    const missing = runCli(['import', model, '--out', out]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--input-shape');

    const result = runCli(['import', model, '--out', out, '--input-shape', '3,65,33']);
    expect(result.status).toBe(0);
    expect(loadNetworkFile(out).layers[0].outputShape).toEqual({ channels: 8, height: 32, width: 16 });
  });

  it('exits 2 without a stack trace on bad input', () => {
    const directory = workDirectory();
    const unsupported = new OnnxModelBuilder(13);
    unsupported.input('x', [1, 3, 8, 8]);
    unsupported.output(unsupported.node('Softmax', ['x'], {}, '/head/Softmax'));
    const unsupportedPath = join(directory, 'softmax.onnx');
    writeFileSync(unsupportedPath, unsupported.build());

    const truncatedPath = join(directory, 'truncated.onnx');
    writeFileSync(truncatedPath, buildResnet18Onnx().subarray(0, 1000));

    const cases: [string[], string][] = [
      [['import', unsupportedPath, '--out', join(directory, 'a.json')], 'unsupported ONNX op Softmax'],
      [['import', truncatedPath, '--out', join(directory, 'b.json')], `${truncatedPath}: `],
      [['import', join(directory, 'missing.onnx'), '--out', join(directory, 'c.json')], 'does not exist'],
      [['import', unsupportedPath, '--out', join(directory, 'd.json'), '--input-shape', '3,224'], '--input-shape'],
      [['import', unsupportedPath], 'out'],
    ];
    for (const [args, text] of cases) {
      const result = runCli(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(text);
      expect(result.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(existsSync(join(directory, 'a.json'))).toBe(false);
  });
});
