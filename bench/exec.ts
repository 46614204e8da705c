/**
 * Whole-network bit-accurate execution: `verifyNetwork` runs every layer of a network on the AP
 * engine (chained, each layer's engine output feeding the next) and checks it against
 * onnxruntime and the cost model. The figures are wall time, engine time and MACs per second.
 */
import { availableParallelism } from 'node:os';
import { loadBundledArchitecture, loadBundledTechnology } from '../src/arch/load.js';
import { verifyNetwork, type VerifyReport } from '../src/exec/index.js';
import { loadBundledNetwork } from '../src/network/load.js';
import { loadBundledConfig } from '../src/quant/bundled.js';
import type { Benchmark } from './registry.js';

/** AlexNet has no HAWQ-V3 config, so it runs at its uniform int8 and int4 presets. */
const CASES = [
  { network: 'resnet18', config: 'int8' },
  { network: 'resnet18', config: 'hawq-latency-0.5' },
  { network: 'alexnet', config: 'int8' },
  { network: 'alexnet', config: 'int4' },
];

function format(value: number): string {
  return value.toExponential(2).replace('e+', ' × 10^');
}

function percent(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

function range(values: number[]): string {
  return `${percent(Math.min(...values))} … ${percent(Math.max(...values))}`;
}

async function run(): Promise<string> {
  const jobs = availableParallelism();
  const lines = [
    '| network | config | layers passed | MACs | wall time (s) | engine time (s) | MACs/s (wall) | energy gap (min … max) | cell-write gap (min … max) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { network: networkId, config: configId } of CASES) {
    const network = loadBundledNetwork(networkId);
    const config = loadBundledConfig(network, configId);
    const started = performance.now();
    const report: VerifyReport = await verifyNetwork({
      network,
      config,
      arch: loadBundledArchitecture('bf-imna'),
      tech: loadBundledTechnology('sram'),
      batch: 1,
      seed: 1,
      jobs,
      onLayer: (layer, seconds) => process.stderr.write(`  ${networkId} ${configId} ${layer}: ${seconds.toFixed(1)} s\n`),
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const engineSeconds = report.layers.reduce((sum, layer) => sum + layer.engineSeconds, 0);
    const macs = report.layers.reduce((sum, layer) => sum + layer.macs, 0);
    const passed = report.layers.filter((layer) => layer.passed).length;
    const gaps = report.layers.map((layer) => layer.energy.relativeGap);
    const writeGaps = report.layers.map((layer) => (layer.energy.modelWrittenBits > 0 ? layer.energy.engineWrittenBits / layer.energy.modelWrittenBits - 1 : 0));
    lines.push(
      `| ${networkId} | ${configId} | ${passed} of ${report.layers.length} | ${format(macs)} | ${wallSeconds.toFixed(1)} | ${engineSeconds.toFixed(1)} | ${format(macs / wallSeconds)} | ${range(gaps)} | ${range(writeGaps)} |`,
    );
    process.stderr.write(`  ${networkId} ${configId}: ${wallSeconds.toFixed(1)} s, ${passed} of ${report.layers.length} layers passed\n`);
  }

  return [
    `\`verifyNetwork\` on the whole network, batch 1, seed 1, sram at its reference voltage, bf-imna, ${jobs} worker thread(s)`,
    '(`availableParallelism()`), the mapper choosing each layer\'s strategy. Wall time covers the engine, the',
    'onnxruntime reference and the cost model; engine time is the part spent executing work plans on',
    'the bit-accurate engine. MACs are the conv and fc multiply-accumulates of the network.',
    'Energy gap: (engine − model) / model of the in-array dynamic energy per layer; cell-write gap: the',
    'same for the number of cells written, the only term that depends on data.',
    '',
    ...lines,
  ].join('\n');
}

export const execBenchmark: Benchmark = {
  id: 'exec',
  title: 'Bit-accurate whole-network execution',
  run,
};
