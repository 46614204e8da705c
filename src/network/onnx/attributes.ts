/** Typed reads of ONNX node attributes, with ONNX's defaults supplied by the caller. */
import { shortestFloat32, toNumber, type Int64, type NodeProto } from './protobuf.js';

export class NodeAttributes {
  private readonly byName = new Map<string, NonNullable<NodeProto['attribute']>[number]>();

  constructor(node: NodeProto) {
    for (const attribute of node.attribute ?? []) {
      if (attribute.name) this.byName.set(attribute.name, attribute);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  int(name: string, fallback: number): number {
    const attribute = this.byName.get(name);
    return attribute ? toNumber(attribute.i as Int64 | null | undefined) : fallback;
  }

  float(name: string, fallback: number): number {
    const attribute = this.byName.get(name);
    return attribute ? shortestFloat32(attribute.f ?? 0) : fallback;
  }

  ints(name: string, fallback: number[]): number[] {
    const attribute = this.byName.get(name);
    return attribute ? (attribute.ints ?? []).map((value: Int64) => toNumber(value)) : fallback;
  }

  string(name: string, fallback: string): string {
    const attribute = this.byName.get(name);
    return attribute?.s ? new TextDecoder().decode(attribute.s) : fallback;
  }

  /** Returns every attribute, for `Constant` nodes. */
  all(): NonNullable<NodeProto['attribute']> {
    return [...this.byName.values()];
  }
}
