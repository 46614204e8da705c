/**
 * ONNX graphs of torchvision resnet18 and alexnet, written from the torchvision module structure
 * (torchvision/models/resnet.py and alexnet.py) with the node names torch.onnx.export gives them
 * (`/layer1/layer1.0/conv1/Conv`, a reused module's later calls as `relu_1`). Weights are external
 * data, so only their dims are stored. This is a second, independent encoding of the two
 * architectures, which the tests compare with the bundled network files.
 */
import { OnnxModelBuilder } from './onnx-builder.js';

class TorchGraph {
  readonly builder = new OnnxModelBuilder(13);
  current = 'input';

  constructor(channels: number, size: number) {
    this.builder.input('input', [1, channels, size, size]);
  }

  /** Node name in torch.onnx's form: one scope per module, then the op type. */
  private scoped(scopes: string[], opType: string): string {
    return `/${[...scopes, opType].join('/')}`;
  }

  conv(scopes: string[], inChannels: number, outChannels: number, kernel: number, stride: number, padding: number, bias: boolean, from = this.current): string {
    const name = this.scoped(scopes, 'Conv');
    const inputs = [from, this.builder.initializer(`${name}.weight`, [outChannels, inChannels, kernel, kernel], { external: true })];
    if (bias) inputs.push(this.builder.initializer(`${name}.bias`, [outChannels], { external: true }));
    const attributes = { kernel_shape: [kernel, kernel], strides: [stride, stride], pads: [padding, padding, padding, padding], dilations: [1, 1], group: 1 };
    this.current = this.builder.node('Conv', inputs, attributes, name);
    return this.current;
  }

  batchNorm(scopes: string[], channels: number): string {
    const name = this.scoped(scopes, 'BatchNormalization');
    const parameters = ['weight', 'bias', 'running_mean', 'running_var'].map((part) =>
      this.builder.initializer(`${name}.${part}`, [channels], { external: true }),
    );
    this.current = this.builder.node('BatchNormalization', [this.current, ...parameters], { epsilon: { float: 1e-5 } }, name);
    return this.current;
  }

  relu(scopes: string[]): string {
    this.current = this.builder.node('Relu', [this.current], {}, this.scoped(scopes, 'Relu'));
    return this.current;
  }

  maxPool(scopes: string[], kernel: number, stride: number, padding: number): string {
    const attributes = { kernel_shape: [kernel, kernel], strides: [stride, stride], pads: [padding, padding, padding, padding], ceil_mode: 0 };
    this.current = this.builder.node('MaxPool', [this.current], attributes, this.scoped(scopes, 'MaxPool'));
    return this.current;
  }

  add(scopes: string[], left: string, right: string): string {
    this.current = this.builder.node('Add', [left, right], {}, this.scoped(scopes, 'Add'));
    return this.current;
  }

  flatten(): string {
    this.current = this.builder.node('Flatten', [this.current], { axis: 1 }, '/Flatten');
    return this.current;
  }

  gemm(scopes: string[], inFeatures: number, outFeatures: number): string {
    const name = this.scoped(scopes, 'Gemm');
    const weight = this.builder.initializer(`${name}.weight`, [outFeatures, inFeatures], { external: true });
    const bias = this.builder.initializer(`${name}.bias`, [outFeatures], { external: true });
    this.current = this.builder.node('Gemm', [this.current, weight, bias], { alpha: { float: 1 }, beta: { float: 1 }, transB: 1 }, name);
    return this.current;
  }

  dropout(scopes: string[]): string {
    this.current = this.builder.node('Dropout', [this.current], {}, this.scoped(scopes, 'Dropout'));
    return this.current;
  }

  finish(graphName: string): Uint8Array {
    this.builder.output(this.current);
    return this.builder.build(graphName);
  }
}

/** torchvision resnet18 (BasicBlock [2, 2, 2, 2]) for a 1×3×224×224 input. */
export function buildResnet18Onnx(): Uint8Array {
  const graph = new TorchGraph(3, 224);
  graph.conv(['conv1'], 3, 64, 7, 2, 3, false);
  graph.batchNorm(['bn1'], 64);
  graph.relu(['relu']);
  graph.maxPool(['maxpool'], 3, 2, 1);

  let inplanes = 64;
  [64, 128, 256, 512].forEach((planes, stage) => {
    const layer = `layer${stage + 1}`;
    for (let block = 0; block < 2; block++) {
      const scope = [layer, `${layer}.${block}`];
      const stride = stage > 0 && block === 0 ? 2 : 1;
      const identityInput = graph.current;

      graph.conv([...scope, 'conv1'], inplanes, planes, 3, stride, 1, false);
      graph.batchNorm([...scope, 'bn1'], planes);
      graph.relu([...scope, 'relu']);
      graph.conv([...scope, 'conv2'], planes, planes, 3, 1, 1, false);
      const body = graph.batchNorm([...scope, 'bn2'], planes);

      let identity = identityInput;
      if (stride !== 1 || inplanes !== planes) {
        graph.conv([...scope, 'downsample', 'downsample.0'], inplanes, planes, 1, stride, 0, false, identityInput);
        identity = graph.batchNorm([...scope, 'downsample', 'downsample.1'], planes);
      }
      graph.add(scope, body, identity);
      graph.relu([...scope, 'relu_1']);
      inplanes = planes;
    }
  });

  graph.current = graph.builder.node('GlobalAveragePool', [graph.current], {}, '/avgpool/GlobalAveragePool');
  graph.flatten();
  graph.gemm(['fc'], 512, 1000);
  return graph.finish('torch_jit');
}

/** torchvision alexnet for a 1×3×224×224 input. AdaptiveAvgPool2d((6, 6)) on 6×6 exports as a 1×1 AveragePool. */
export function buildAlexnetOnnx(): Uint8Array {
  const graph = new TorchGraph(3, 224);
  const features = (index: number) => ['features', `features.${index}`];
  const classifier = (index: number) => ['classifier', `classifier.${index}`];

  graph.conv(features(0), 3, 64, 11, 4, 2, true);
  graph.relu(features(1));
  graph.maxPool(features(2), 3, 2, 0);
  graph.conv(features(3), 64, 192, 5, 1, 2, true);
  graph.relu(features(4));
  graph.maxPool(features(5), 3, 2, 0);
  graph.conv(features(6), 192, 384, 3, 1, 1, true);
  graph.relu(features(7));
  graph.conv(features(8), 384, 256, 3, 1, 1, true);
  graph.relu(features(9));
  graph.conv(features(10), 256, 256, 3, 1, 1, true);
  graph.relu(features(11));
  graph.maxPool(features(12), 3, 2, 0);

  const poolAttributes = { kernel_shape: [1, 1], strides: [1, 1], pads: [0, 0, 0, 0], ceil_mode: 0, count_include_pad: 0 };
  graph.current = graph.builder.node('AveragePool', [graph.current], poolAttributes, '/avgpool/AveragePool');
  graph.flatten();
  graph.dropout(classifier(0));
  graph.gemm(classifier(1), 256 * 6 * 6, 4096);
  graph.relu(classifier(2));
  graph.dropout(classifier(3));
  graph.gemm(classifier(4), 4096, 4096);
  graph.relu(classifier(5));
  graph.gemm(classifier(6), 4096, 1000);
  return graph.finish('torch_jit');
}
