/**
 * Layer names for imported ONNX nodes. A node name in the form the PyTorch exporter writes
 * (`/layer1/layer1.0/conv1/Conv`) becomes the torchvision module path (`layer1.0.conv1`), so an
 * exported torchvision model gets the same names as the bundled networks. Other node names are
 * sanitized. Every name is made unique by appending `_1`, `_2`, ... to later uses.
 */
import { NETWORK_INPUT } from '../format.js';
import type { NodeProto } from './protobuf.js';

/**
 * Module path of a PyTorch-exported node name, or undefined for other names. The exporter writes
 * one scope per module, each scope being the child's name relative to its parent, except that
 * children of a Sequential repeat the parent (`layer1` then `layer1.0`). The last segment is the
 * op type, with `_N` when a scope contains several nodes of that type.
 */
export function torchModulePath(nodeName: string, opType: string): string | undefined {
  if (!nodeName.startsWith('/')) return undefined;

  const segments = nodeName.slice(1).split('/');
  const last = segments.pop() ?? '';
  if (last !== opType && !new RegExp(`^${opType}_\\d+$`).test(last)) return undefined;
  if (segments.some((segment) => segment === '')) return undefined;

  const path: string[] = [];
  let parent: string | undefined;
  for (const segment of segments) {
    const relative = parent !== undefined && segment.startsWith(`${parent}.`) ? segment.slice(parent.length + 1) : segment;
    path.push(relative);
    parent = segment;
  }
  return path.join('.');
}

/** Replaces characters a layer name may not contain with "_" and drops a leading separator. */
export function sanitizeLayerName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.:/#+-]/g, '_').replace(/^[^A-Za-z0-9_]+/, '');
}

export class LayerNamer {
  private readonly used = new Set<string>([NETWORK_INPUT]);
  private readonly containers = new Set<string>();

  /**
   * `nodes` is the whole graph: a module path that prefixes another node's path is a container
   * (for example a ResNet block), and an op directly inside it is a functional call such as the
   * residual add. It is named `<container>.<op>`: `layer1.0.add`, or `flatten` at the top level.
   */
  constructor(nodes: readonly NodeProto[]) {
    const paths = nodes
      .map((node) => torchModulePath(node.name ?? '', node.opType ?? ''))
      .filter((path): path is string => path !== undefined && path !== '');
    for (const path of paths) {
      const parts = path.split('.');
      for (let length = 1; length < parts.length; length++) this.containers.add(parts.slice(0, length).join('.'));
    }
  }

  private baseName(node: NodeProto, index: number): string {
    const opType = node.opType ?? 'node';
    const nodeName = node.name ?? '';
    const modulePath = torchModulePath(nodeName, opType);

    if (modulePath !== undefined) {
      const functional = modulePath === '' || this.containers.has(modulePath);
      if (!functional) return modulePath;
      const op = opType.toLowerCase();
      return modulePath === '' ? op : `${modulePath}.${op}`;
    }

    const sanitized = sanitizeLayerName(nodeName);
    return sanitized === '' ? `${opType.toLowerCase()}_${index}` : sanitized;
  }

  /** Returns a unique layer name for the node at `index` and reserves it. */
  nameFor(node: NodeProto, index: number): string {
    const base = this.baseName(node, index);
    let name = base;
    for (let suffix = 1; this.used.has(name); suffix++) name = `${base}_${suffix}`;
    this.used.add(name);
    return name;
  }
}
