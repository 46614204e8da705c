import { loadBundledArchitecture, loadBundledTechnology } from '../../src/arch/load.js';
import type { Architecture, Technology } from '../../src/arch/types.js';
import { parseNetwork } from '../../src/network/parse.js';
import { resolveNetwork } from '../../src/network/resolve.js';
import type { ResolvedNetwork } from '../../src/network/types.js';
import { parsePrecisionConfig } from '../../src/quant/parse.js';
import type { PrecisionConfig } from '../../src/quant/types.js';

/** Builds a network of one conv layer on a channels × size × size input through the real loader. */
export function singleConvNetwork(options: {
  inChannels: number;
  outChannels: number;
  size: number;
  kernel: number;
  stride?: number;
  padding?: number;
  groups?: number;
  bias?: boolean;
}): ResolvedNetwork {
  const network = parseNetwork({
    format: 'bitfluid-network',
    version: 1,
    id: 'one-conv',
    variant: { model: 'one conv layer built in a test', source: 'test' },
    input: { channels: options.inChannels, height: options.size, width: options.size },
    layers: [
      {
        name: 'conv',
        kind: 'conv',
        outChannels: options.outChannels,
        kernel: options.kernel,
        stride: options.stride ?? 1,
        padding: options.padding ?? 0,
        dilation: 1,
        groups: options.groups ?? 1,
        bias: options.bias ?? false,
      },
    ],
  });
  return resolveNetwork(network);
}

/** Builds a config that runs every layer of `network` at the given widths. */
export function uniformConfig(network: ResolvedNetwork, precision: { weightBits: number; actBits: number; actSigned: boolean; accBits?: number }): PrecisionConfig {
  return parsePrecisionConfig(
    {
      id: `w${precision.weightBits}a${precision.actBits}`,
      network: network.id,
      defaults: precision,
      meta: { source: 'test' },
    },
    network,
  );
}

let arch: Architecture | undefined;
const techs = new Map<string, Technology>();

export function bundledArch(): Architecture {
  arch ??= loadBundledArchitecture();
  return arch;
}

export function bundledTech(id: string): Technology {
  let tech = techs.get(id);
  if (!tech) {
    tech = loadBundledTechnology(id);
    techs.set(id, tech);
  }
  return tech;
}
