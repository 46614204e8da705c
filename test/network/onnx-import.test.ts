import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { importOnnx, loadBundledNetwork } from '../../src/network/index.js';
import type { ResolvedLayer, ResolvedNetwork } from '../../src/network/index.js';
import { torchModulePath } from '../../src/network/onnx/names.js';
import { InputError } from '../../src/util/errors.js';
import { OnnxModelBuilder } from './helpers/onnx-builder.js';
import { buildAlexnetOnnx, buildResnet18Onnx } from './helpers/torchvision-onnx.js';

/** Returns the InputError that `action` throws. */
function inputErrorOf(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

function layer(network: ResolvedNetwork, name: string): ResolvedLayer {
  const found = network.byName.get(name);
  if (found === undefined) throw new Error(`no layer ${name}; layers: ${network.layers.map((item) => item.name).join(', ')}`);
  return found;
}

/**
 * Builds a model with every supported op and attribute, small enough to run. Each node is named
 * after the layer it becomes, and every feature tensor is a graph output so onnxruntime reports
 * its shape.
 */
function buildAllOpsModel(): { bytes: Uint8Array; tensorOf: Map<string, string> } {
  const model = new OnnxModelBuilder(13);
  const tensorOf = new Map<string, string>();
  model.input('image', [1, 4, 17, 19]);
  const weight = (name: string, dims: number[]) => model.initializer(name, dims);
  const scalar = (name: string, value: number) => model.initializer(name, [], { values: [value] });
  const node = (name: string, opType: string, inputs: string[], attributes = {}) => {
    const output = model.node(opType, inputs, attributes, name);
    tensorOf.set(name, output);
    model.output(output);
    return output;
  };

  const asym = node('conv_asym', 'Conv', ['image', weight('w1', [8, 4, 3, 3]), weight('b1', [8])], {
    kernel_shape: [3, 3], pads: [0, 1, 2, 1], strides: [2, 1], dilations: [1, 2], group: 1,
  });
  const grouped = node('conv_group', 'Conv', [asym, weight('w2', [8, 4, 3, 3])], { pads: [1, 1, 1, 1], group: 2 });
  const upper = node('conv_same_upper', 'Conv', [grouped, weight('w3', [8, 8, 4, 4])], { auto_pad: 'SAME_UPPER', strides: [2, 2] });
  const lower = node('conv_same_lower', 'Conv', [grouped, weight('w4', [8, 8, 4, 4])], { auto_pad: 'SAME_LOWER', strides: [2, 2] });
  const valid = node('conv_valid', 'Conv', [upper, weight('w5', [8, 8, 1, 1])], { auto_pad: 'VALID' });
  const bn = node('bn', 'BatchNormalization', [valid, weight('s', [8]), weight('bb', [8]), weight('m', [8]), model.initializer('v', [8], { values: new Array(8).fill(1) })], {
    epsilon: { float: 1e-3 },
  });
  const relu = node('relu', 'Relu', [bn]);
  const relu6 = node('relu6', 'Clip', [lower, scalar('zero', 0), scalar('six', 6)]);
  const clipRelu = node('clip_as_relu', 'Clip', [relu6, scalar('zero2', 0)]);
  const sum = node('sum', 'Add', [relu, clipRelu]);
  const maxCeil = node('maxpool_ceil', 'MaxPool', [sum], { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 });
  const maxDilated = node('maxpool_dilated', 'MaxPool', [grouped], { kernel_shape: [2, 2], dilations: [2, 2] });
  const avg = node('avgpool', 'AveragePool', [maxDilated], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 0, 1, 0], count_include_pad: 1 });
  const avgSame = node('avgpool_same', 'AveragePool', [sum], { kernel_shape: [2, 2], strides: [2, 2], auto_pad: 'SAME_UPPER' });
  const joined = node('cat', 'Concat', [maxCeil, avgSame, avgSame], { axis: 1 });
  const pooled = node('gap', 'GlobalAveragePool', [joined]);
  const flat = node('flat', 'Flatten', [pooled], { axis: 1 });
  const dropped = model.node('Dropout', [flat], {}, 'drop');
  const dense = node('dense', 'Gemm', [dropped, weight('wg', [10, 24]), weight('bg', [10])], { transB: 1 });
  const same = model.node('Identity', [dense], {}, 'same');
  const projected = node('project', 'MatMul', [same, weight('wm', [10, 6])]);
  node('project_bias', 'Add', [projected, weight('bm', [6])]);
  const reshaped = node('reshape', 'Reshape', [avg, model.initializer('shape', [2], { dataType: 'int64', values: [0, -1] })]);
  node('head', 'Gemm', [reshaped, weight('wh', [224, 5])]);

  return { bytes: model.build('all_ops'), tensorOf };
}

async function runShapes(bytes: Uint8Array, inputDims: number[]): Promise<Map<string, readonly number[]>> {
  const session = await ort.InferenceSession.create(bytes);
  const size = inputDims.reduce((product, dim) => product * dim, 1);
  const results = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', new Float32Array(size), inputDims) });
  return new Map(Object.entries(results).map(([name, tensor]) => [name, tensor.dims]));
}

function onnxDims(item: ResolvedLayer): number[] {
  const { channels, height, width } = item.outputShape;
  const flat = ['fc', 'flatten'].includes(item.kind);
  return flat ? [1, channels] : [1, channels, height, width];
}

describe('ONNX import of every supported op', () => {
  const { bytes, tensorOf } = buildAllOpsModel();
  const network = importOnnx(bytes, { file: 'all-ops.onnx' });

  it('maps ops and attributes to layers', () => {
    expect(network.id).toBe('all-ops');
    expect(layer(network, 'conv_asym')).toMatchObject({ kind: 'conv', outChannels: 8, kernel: [3, 3], stride: [2, 1], padding: [0, 1, 2, 1], dilation: [1, 2], groups: 1, bias: true });
    expect(layer(network, 'conv_group')).toMatchObject({ groups: 2, bias: false, padding: [1, 1, 1, 1] });
    expect(layer(network, 'conv_valid')).toMatchObject({ padding: [0, 0, 0, 0] });
    expect(layer(network, 'bn')).toMatchObject({ kind: 'batchnorm', foldedInto: 'conv_valid' });
    expect(layer(network, 'bn')).toMatchObject({ epsilon: 0.001 });
    expect(layer(network, 'relu6')).toMatchObject({ kind: 'clip', min: 0, max: 6 });
    expect(layer(network, 'clip_as_relu').kind).toBe('relu');
    expect(layer(network, 'maxpool_ceil')).toMatchObject({ kind: 'maxpool', ceilMode: true, padding: [0, 0, 0, 0] });
    // ceil mode keeps the partial last window of the 5×9 input: 3×5 where floor mode gives 2×4.
    expect(layer(network, 'maxpool_ceil').outputShape).toEqual({ channels: 8, height: 3, width: 5 });
    expect(layer(network, 'maxpool_dilated')).toMatchObject({ dilation: [2, 2], stride: [1, 1] });
    expect(layer(network, 'avgpool')).toMatchObject({ kind: 'avgpool', countIncludePad: true, padding: [1, 0, 1, 0], ceilMode: false });
    expect(layer(network, 'avgpool_same')).toMatchObject({ countIncludePad: false });
    expect(layer(network, 'cat').inputs).toEqual(['maxpool_ceil', 'avgpool_same', 'avgpool_same']);
    expect(layer(network, 'gap').kind).toBe('globalavgpool');
    expect(layer(network, 'dense')).toMatchObject({ kind: 'fc', outFeatures: 10, bias: true, inputs: ['flat'] });
    expect(layer(network, 'project')).toMatchObject({ kind: 'fc', outFeatures: 6, bias: true, inputs: ['dense'] });
    expect(layer(network, 'reshape').kind).toBe('flatten');
    expect(layer(network, 'head')).toMatchObject({ kind: 'fc', outFeatures: 5, bias: false });
    expect(network.byName.has('drop')).toBe(false);
    expect(network.byName.has('same')).toBe(false);
    expect(network.byName.has('project_bias')).toBe(false);
    expect(network.variant.notes).toContain('drop, same');
  });

  it('computes SAME padding', () => {
    // A 4×4 kernel at stride 2 on the 9×17 map gives ceil(9/2) × ceil(17/2) = 5×9 with 3 rows and 3 columns of padding.
    expect(layer(network, 'conv_group').outputShape).toEqual({ channels: 8, height: 9, width: 17 });
    expect(layer(network, 'conv_same_upper')).toMatchObject({ padding: [1, 1, 2, 2] });
    expect(layer(network, 'conv_same_lower')).toMatchObject({ padding: [2, 2, 1, 1] });
    expect(layer(network, 'conv_same_upper').outputShape).toEqual({ channels: 8, height: 5, width: 9 });
  });

  it('matches onnxruntime shapes layer by layer', async () => {
    const shapes = await runShapes(bytes, [1, 4, 17, 19]);
    for (const item of network.layers) {
      const tensor = item.name === 'project' ? tensorOf.get('project_bias') : tensorOf.get(item.name);
      expect(tensor, item.name).toBeDefined();
      expect([...(shapes.get(tensor as string) ?? [])], item.name).toEqual(onnxDims(item));
    }
  });

  it('counts params and MACs from weight dims', () => {
    expect(layer(network, 'conv_asym').params).toBe(8 * 4 * 9 + 8);
    expect(layer(network, 'conv_group').params).toBe(8 * 4 * 9);
    const grouped = layer(network, 'conv_group');
    expect(grouped.macs).toBe(9 * 17 * 8 * 4 * 9);
    expect(layer(network, 'dense').macs).toBe(240);
    expect(layer(network, 'project').params).toBe(66);
  });
});

describe('ONNX import of torchvision graphs', () => {
  /**
   * ONNX has no adaptive pool. torch.onnx (symbolic_opset9.py, _adaptive_pool) exports
   * AdaptiveAvgPool2d((1, 1)) as GlobalAveragePool, and an output size that divides the input as
   * AveragePool with kernel = stride = input / output.
   */
  function sameKind(imported: ResolvedLayer, bundled: ResolvedLayer): boolean {
    if (imported.kind === bundled.kind) return true;
    if (bundled.kind !== 'adaptiveavgpool') return false;
    if (imported.kind === 'globalavgpool') return bundled.outputSize[0] === 1 && bundled.outputSize[1] === 1;
    if (imported.kind !== 'avgpool') return false;
    const input = bundled.inputShapes[0];
    return (
      imported.kernel[0] * bundled.outputSize[0] === input.height &&
      imported.kernel[1] * bundled.outputSize[1] === input.width &&
      imported.stride[0] === imported.kernel[0] &&
      imported.stride[1] === imported.kernel[1]
    );
  }

  for (const [id, build] of [['resnet18', buildResnet18Onnx], ['alexnet', buildAlexnetOnnx]] as const) {
    it(`${id} equals the bundled file layer for layer`, () => {
      const imported = importOnnx(build(), { file: `${id}.onnx` });
      const bundled = loadBundledNetwork(id);

      expect(imported.layers.length).toBe(bundled.layers.length);
      imported.layers.forEach((item, index) => {
        const reference = bundled.layers[index];
        const label = `${index} ${reference.name}`;
        expect(item.name, label).toBe(reference.name);
        expect(sameKind(item, reference), `${label}: ${item.kind} vs ${reference.kind}`).toBe(true);
        expect(item.inputs, label).toEqual(reference.inputs);
        expect(item.inputShapes, label).toEqual(reference.inputShapes);
        expect(item.outputShape, label).toEqual(reference.outputShape);
        expect(item.params, label).toBe(reference.params);
        expect(item.macs, label).toBe(reference.macs);
        expect(item.foldedInto, label).toBe(reference.foldedInto);
      });
      expect(imported.totals).toEqual(bundled.totals);
    });
  }

  it('reads only dims of external weights', () => {
    const imported = importOnnx(buildResnet18Onnx(), { file: 'resnet18.onnx' });
    expect(imported.totals.params).toBe(11_689_512);
  });
});

describe('ONNX import options and names', () => {
  function convModel(inputDims: (number | string)[], opset = 13): Uint8Array {
    const model = new OnnxModelBuilder(opset);
    model.input('x', inputDims);
    const conv = model.node('Conv', ['x', model.initializer('w', [4, 3, 3, 3])], { pads: [1, 1, 1, 1] }, 'conv');
    model.output(conv);
    return model.build();
  }

  it('needs an input shape for symbolic dims', () => {
    const bytes = convModel(['N', 3, 'H', 'W']);
    const error = inputErrorOf(() => importOnnx(bytes, { file: 'dynamic.onnx' }));
    expect(error.message).toContain('dynamic.onnx');
    expect(error.message).toContain('[N, 3, H, W]');
    expect(error.message).toContain('--input-shape 3,224,224');

    const network = importOnnx(bytes, { file: 'dynamic.onnx', inputShape: { channels: 3, height: 64, width: 48 } });
    expect(network.layers[0].outputShape).toEqual({ channels: 4, height: 64, width: 48 });
  });

  it('uses the id option', () => {
    const network = importOnnx(convModel([1, 3, 8, 8]), { id: 'mine' });
    expect(network.id).toBe('mine');

    const error = inputErrorOf(() => importOnnx(convModel([1, 3, 8, 8]), { id: 'my net' }));
    expect(error.field).toBe('id');
    expect(error.message).toContain('invalid value "my net"');
  });

  it('reads Clip bounds from attributes before opset 11', () => {
    const model = new OnnxModelBuilder(10);
    model.input('x', [1, 3, 8, 8]);
    const relu = model.node('Clip', ['x'], { min: { float: 0 } }, 'relu_like');
    const clip = model.node('Clip', [relu], { min: { float: 0 }, max: { float: 6 } }, 'relu6');
    model.output(clip);
    const network = importOnnx(model.build());
    expect(layer(network, 'relu_like').kind).toBe('relu');
    expect(layer(network, 'relu6')).toMatchObject({ kind: 'clip', min: 0, max: 6 });
  });

  it('derives torchvision module paths from torch.onnx names', () => {
    expect(torchModulePath('/layer1/layer1.0/conv1/Conv', 'Conv')).toBe('layer1.0.conv1');
    expect(torchModulePath('/layer1/layer1.0/downsample/downsample.0/Conv', 'Conv')).toBe('layer1.0.downsample.0');
    expect(torchModulePath('/layer1/layer1.0/relu_2/Relu', 'Relu')).toBe('layer1.0.relu_2');
    expect(torchModulePath('/features/features.0/Conv', 'Conv')).toBe('features.0');
    expect(torchModulePath('/layer1/layer1.0/Add_1', 'Add')).toBe('layer1.0');
    expect(torchModulePath('/Flatten', 'Flatten')).toBe('');
    expect(torchModulePath('conv1', 'Conv')).toBeUndefined();
    expect(torchModulePath('/a/b/Relu', 'Conv')).toBeUndefined();
  });

  it('sanitizes and deduplicates other node names', () => {
    const model = new OnnxModelBuilder(13);
    model.input('x', [1, 3, 8, 8]);
    const first = model.node('Relu', ['x'], {}, 'act 1!');
    const second = model.node('Relu', [first], {}, 'act 1!');
    const third = model.node('Relu', [second], {}, '');
    const fourth = model.node('Relu', [third], {}, 'input');
    model.output(fourth);
    const names = importOnnx(model.build()).layers.map((item) => item.name);
    expect(names).toEqual(['act_1_', 'act_1__1', 'relu_2', 'input_1']);
  });
});

describe('ONNX import errors', () => {
  function modelWith(build: (model: OnnxModelBuilder) => string): Uint8Array {
    const model = new OnnxModelBuilder(13);
    model.input('x', [1, 8, 16, 16]);
    model.output(build(model));
    return model.build();
  }

  it('rejects an unsupported op with its node name', () => {
    const bytes = modelWith((model) => model.node('LeakyRelu', ['x'], { alpha: { float: 0.1 } }, '/act/LeakyRelu'));
    const error = inputErrorOf(() => importOnnx(bytes, { file: 'leaky.onnx' }));
    expect(error.file).toBe('leaky.onnx');
    expect(error.field).toBe('graph.node[0]');
    expect(error.message).toContain('LeakyRelu');
    expect(error.message).toContain('"/act/LeakyRelu"');
    expect(error.message).toContain('Supported ops: Conv, Gemm, MatMul, Add, Relu, Clip, MaxPool, AveragePool, GlobalAveragePool, BatchNormalization, Flatten, Reshape, Concat, Dropout, Identity, Constant.');
  });

  it('rejects a truncated file naming it', () => {
    const bytes = buildResnet18Onnx();
    const path = join(mkdtempSync(join(tmpdir(), 'bitfluid-onnx-')), 'truncated.onnx');
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 3)));

    const error = inputErrorOf(() => importOnnx(path));
    expect(error.file).toBe(path);
    expect(error.message).toContain(path);
    expect(error.message).toContain('not a valid ONNX model');
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('rejects a file that is not ONNX', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bitfluid-onnx-')), 'network.json');
    writeFileSync(path, JSON.stringify({ format: 'bitfluid-network', layers: [] }));
    const error = inputErrorOf(() => importOnnx(path));
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/not (a valid )?an? ONNX model|not a valid ONNX model/);
  });

  it('rejects a missing file', () => {
    const error = inputErrorOf(() => importOnnx('/nonexistent/model.onnx'));
    expect(error.message).toContain('/nonexistent/model.onnx: ');
    expect(error.message).toContain('does not exist');
  });

  it('rejects unsupported attributes and shapes', () => {
    const cases: [string, (model: OnnxModelBuilder) => string, RegExp][] = [
      ['reshape', (model) => model.node('Reshape', ['x', model.initializer('s', [3], { dataType: 'int64', values: [1, 8, -1] })], {}, 'reshape'), /Reshape to \[1, 8, -1\] is not supported/],
      ['concat axis', (model) => model.node('Concat', ['x', 'x'], { axis: 2 }, 'cat'), /axis 2 is not supported/],
      ['flatten axis', (model) => model.node('Flatten', ['x'], { axis: 2 }, 'flat'), /axis 2 is not supported/],
      ['gemm transA', (model) => model.node('Gemm', ['x', model.initializer('w', [8, 8])], { transA: 1 }, 'gemm'), /transA = 1 is not supported/],
      ['dynamic matmul', (model) => model.node('MatMul', ['x', 'x'], {}, 'mm'), /constant 2-D weight/],
      ['conv channels', (model) => model.node('Conv', ['x', model.initializer('w', [4, 3, 3, 3])], {}, 'conv'), /expects 3 input channels, but the input has 8/],
      ['conv 1-D', (model) => model.node('Conv', ['x', model.initializer('w', [4, 8, 3])], {}, 'conv'), /2-D convolutions/],
      ['kernel too large', (model) => model.node('Conv', ['x', model.initializer('w', [4, 8, 17, 17])], {}, 'conv'), /does not fit the padded input 16×16/],
      ['fc on a map', (model) => model.node('Gemm', ['x', model.initializer('w', [8, 8])], { transB: 1 }, 'gemm'), /Insert a flatten/],
      ['add shapes', (model) => model.node('Add', ['x', model.node('MaxPool', ['x'], { kernel_shape: [2, 2], strides: [2, 2] }, 'pool')], {}, 'sum'), /same shape; got \[8,16,16\] and \[8,8,8\]/],
      ['unknown tensor', (model) => model.node('Relu', ['y'], {}, 'relu'), /input "y" is produced by no earlier node/],
      ['auto_pad', (model) => model.node('MaxPool', ['x'], { kernel_shape: [2, 2], auto_pad: 'FULL' }, 'pool'), /auto_pad is "FULL"/],
    ];
    for (const [label, build, pattern] of cases) {
      const error = inputErrorOf(() => importOnnx(modelWith(build), { file: 'bad.onnx' }));
      expect(error.message, label).toMatch(pattern);
      expect(error.message, label).toMatch(/^bad\.onnx: graph\.node\[\d+\]/);
      expect(error.message.split('\n'), label).toHaveLength(1);
    }
  });
});
