/**
 * Cost-model speed. It times one full ResNet50 evaluation: map every layer, price both GEMM
 * strategies, pick one and sum the totals. It also measures the sweep's points per second, in
 * process on one core and end to end through the CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundledArchitecture, loadBundledTechnology } from '../src/arch/load.js';
import { evaluateNetwork } from '../src/cost/evaluate.js';
import { loadBundledNetwork } from '../src/network/load.js';
import { loadBundledConfig } from '../src/quant/bundled.js';
import { createBundledCatalog } from '../src/sweep/bundled-catalog.js';
import { evaluatePoint } from '../src/sweep/evaluate.js';
import { expandGrid } from '../src/sweep/grid.js';
import { resolveStudy } from '../src/sweep/resolve.js';
import { defaultStudySpec } from '../src/sweep/spec.js';
import { PACKAGE_ROOT } from '../src/util/paths.js';
import type { Benchmark } from './registry.js';

const WARM_RUNS = 200;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeResnet50(): string[] {
  const network = loadBundledNetwork('resnet50');
  const config = loadBundledConfig(network, 'int8');
  const arch = loadBundledArchitecture();
  const tech = loadBundledTechnology('sram');

  const coldStart = performance.now();
  evaluateNetwork({ network, config, arch, tech, batch: 1 });
  const coldMs = performance.now() - coldStart;

  // A warm evaluation reuses the mapping, which depends on geometry, precision and batch only.
  // Changing the voltage each time makes every run price every layer again.
  const voltages = tech.voltage.sweepV;
  const samples: number[] = [];
  for (let run = 0; run < WARM_RUNS; run++) {
    const start = performance.now();
    evaluateNetwork({ network, config, arch, tech, batch: 1, vddV: voltages[run % voltages.length] });
    samples.push(performance.now() - start);
  }

  // Mapping included: a new config object each time defeats the mapping cache.
  const uncachedSamples: number[] = [];
  for (let run = 0; run < 20; run++) {
    const fresh = { ...config };
    const start = performance.now();
    evaluateNetwork({ network, config: fresh, arch, tech, batch: 1 });
    uncachedSamples.push(performance.now() - start);
  }

  return [
    '### Full ResNet50 evaluation (int8, sram, batch 1; one core, in process)',
    '',
    '| case | time |',
    '| --- | --- |',
    `| first evaluation (cold: microcode counted, mapping built) | ${coldMs.toFixed(1)} ms |`,
    `| mapping rebuilt, microcode counts cached (median of 20) | ${median(uncachedSamples).toFixed(2)} ms |`,
    `| warm evaluation at a new voltage (median of ${WARM_RUNS}) | ${median(samples).toFixed(2)} ms |`,
    '',
    'Target: at most 5 ms per evaluation (median, one core). For context, SCALE-Sim v2 needs about',
    '409 s for ResNet50 on a 2-vCPU machine and CiMLoop reports about 20 ms per mapping evaluation.',
  ];
}

function timeDefaultSweepInProcess(): string[] {
  const catalog = createBundledCatalog();
  const study = resolveStudy(defaultStudySpec(), catalog, () => undefined);
  const points = expandGrid(study);

  const start = performance.now();
  for (const point of points) evaluatePoint(point);
  const coldS = (performance.now() - start) / 1000;

  const warmStart = performance.now();
  for (const point of points) evaluatePoint(point);
  const warmS = (performance.now() - warmStart) / 1000;

  return [
    '### Default sweep study, in process on one core',
    '',
    `${points.length} points (every bundled network × its configs × sram and reram × each technology's sweep voltages × batch 1 and 16).`,
    '',
    '| pass | time | points per second |',
    '| --- | --- | --- |',
    `| first pass (descriptions loaded, microcode counted, mappings built) | ${coldS.toFixed(2)} s | ${(points.length / coldS).toFixed(0)} |`,
    `| second pass (mappings cached) | ${warmS.toFixed(2)} s | ${(points.length / warmS).toFixed(0)} |`,
    '',
    'Target: at least 1,000 sweep points per second.',
  ];
}

/** A larger study: the default one with 4 CAP heights × 8 cell write energies (23,232 points). */
const LARGE_STUDY = ['--set', 'arch.cap.rows=256,512,1024,2048', '--set', 'tech.energy.writeBit=0.5 fJ,1 fJ,2 fJ,4 fJ,8 fJ,16 fJ,32 fJ,64 fJ'];

function timeSweepCli(label: string, extra: string[], jobs: number): string {
  const outDir = mkdtempSync(join(tmpdir(), 'bitfluid-bench-sweep-'));
  const start = performance.now();
  const args = [join(PACKAGE_ROOT, 'bin', 'bitfluid.js'), 'sweep', '--quiet', '--jobs', String(jobs), ...extra, '--out', outDir, '--name', 'bench'];
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  rmSync(outDir, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`bitfluid sweep --jobs ${jobs} failed: ${result.stderr}`);
  const points = Number(/of (\d+) points/.exec(result.stdout)?.[1] ?? NaN);
  return `| ${label} | ${jobs} | ${points} | ${seconds.toFixed(2)} s | ${(points / seconds).toFixed(0)} |`;
}

function timeSweepsCli(): string[] {
  const rows: string[] = [];
  for (const jobs of [1, 2]) rows.push(timeSweepCli('default study', [], jobs));
  for (const jobs of [1, 2]) rows.push(timeSweepCli('default × 4 `arch.cap.rows` × 8 `tech.energy.writeBit`', LARGE_STUDY, jobs));
  return [
    '### Sweeps through the CLI (start-up, files and plot included)',
    '',
    '| study | `--jobs` | points | wall time | points per second |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    'The CLI figures include Node start-up, loading the descriptions, writing the journal, CSV,',
    'JSON and SVG. Each worker thread loads the descriptions and counts the microcode again (about',
    '2 s), and on this machine two memory-heavy processes running at once slow each other by about',
    '45 % (two copies of the in-process default sweep, measured by hand), so `--jobs 2` does not pay',
    'off here; it is meant for machines with more cores and for studies whose points take longer.',
  ];
}

export const costModelBenchmark: Benchmark = {
  id: 'cost-model',
  title: 'Cost model: ResNet50 evaluation and default sweep throughput',
  async run() {
    return [...timeResnet50(), '', ...timeDefaultSweepInProcess(), '', ...timeSweepsCli()].join('\n');
  },
};
