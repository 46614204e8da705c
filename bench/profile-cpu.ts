/**
 * Measures FP32 inference of bundled networks on this machine's CPU with onnxruntime-node and
 * writes the rows as a profile CSV (docs/scheduling.md, "Profile CSV").
 *
 *   npx tsx bench/profile-cpu.ts [--threads N] [--out scenarios/profiles/cpu-onnxruntime.csv]
 *
 * Each network is built as an ONNX graph with random weights (bench/onnx-network.ts), loaded
 * into an onnxruntime CPU session with all graph optimizations and `--threads` intra-op threads
 * (one per logical core by default), and run on a zero input. Latency is the median of the timed runs after warm-up;
 * setup is the median time to create the session from the model bytes. A measurement during
 * which other processes kept the cores busy is repeated (see MAX_ATTEMPTS). Memory and energy are
 * estimates, and the source column states how each number was obtained.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-node';
import { loadBundledNetwork } from '../src/network/load.js';
import type { ResolvedNetwork } from '../src/network/types.js';
import { formatProfileCsv, type ProfileRow } from '../src/schedule/profile-csv.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { buildOnnxNetwork } from './onnx-network.js';

const NETWORKS = ['resnet18', 'resnet50-v1', 'alexnet'];
const BATCHES = [1, 8];
const WARMUP_RUNS = 3;
const MIN_RUNS = 10;
const MIN_SECONDS = 5;
const SESSION_CREATIONS = 3;
/**
 * Other processes may take the cores the run uses. Each measurement is repeated up to this many
 * times, and the attempt with the least contention is kept.
 */
const MAX_ATTEMPTS = 5;
/** Pause before a repeated attempt, to let another process's burst of work end. */
const RETRY_PAUSE_S = 15;
/** An attempt whose contention is below this share of the run's cores is kept at once. */
const QUIET_SHARE = 0.05;
const BACKEND = 'cpu-ort';

/**
 * Assumed power of the busy CPU while it runs a network: 5 W per logical core. This VM reports
 * neither its CPU model nor any power counter, so energy is an estimate (power × latency).
 */
const ASSUMED_WATTS_PER_CORE = 5;

/**
 * Returns the CPU time all processes have spent busy since boot, in seconds. It reads the user,
 * nice, system, irq, softirq and steal ticks (100 per second) from the first line of /proc/stat,
 * and returns undefined where /proc/stat does not exist.
 */
function machineBusyS(): number | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return (user + nice + system + irq + softirq + (steal ?? 0)) / 100;
}

/** CPU time this process has used, in seconds. */
function processBusyS(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Largest FP32 input plus output of one layer for the batch, in bytes. */
function peakActivationBytes(network: ResolvedNetwork, batch: number): number {
  let peak = 0;
  for (const layer of network.layers) {
    const inputs = layer.inputShapes.reduce((sum, shape) => sum + shape.channels * shape.height * shape.width, 0);
    const out = layer.outputShape;
    peak = Math.max(peak, (inputs + out.channels * out.height * out.width) * batch * 4);
  }
  return peak;
}

function weightBytes(network: ResolvedNetwork): number {
  return network.layers.reduce((sum, layer) => sum + layer.params, 0) * 4;
}

async function createSession(bytes: Uint8Array, threads: number): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], graphOptimizationLevel: 'all', intraOpNumThreads: threads, interOpNumThreads: 1 });
}

async function profile(network: ResolvedNetwork, batch: number, threads: number, machine: string): Promise<{ row: ProfileRow; otherShare: number | undefined }> {
  const bytes = buildOnnxNetwork(network, batch);

  const creationS: number[] = [];
  let session: ort.InferenceSession | undefined;
  for (let i = 0; i < SESSION_CREATIONS; i++) {
    await session?.release();
    const start = performance.now();
    session = await createSession(bytes, threads);
    creationS.push((performance.now() - start) / 1000);
  }

  const { channels, height, width } = network.input;
  const input = new ort.Tensor('float32', new Float32Array(batch * channels * height * width), [batch, channels, height, width]);
  const feeds = { [session!.inputNames[0]]: input };
  for (let i = 0; i < WARMUP_RUNS; i++) await session!.run(feeds);

  const runS: number[] = [];
  const machineBefore = machineBusyS();
  const processBefore = processBusyS();
  const started = performance.now();
  while (runS.length < MIN_RUNS || performance.now() - started < MIN_SECONDS * 1000) {
    const start = performance.now();
    await session!.run(feeds);
    runS.push((performance.now() - start) / 1000);
  }
  const wallS = (performance.now() - started) / 1000;
  const machineAfter = machineBusyS();
  // Contention: the CPU time other processes used beyond the cores this run leaves free, as a
  // share of the run's own cores over the timed runs.
  const freeCores = cpus().length - threads;
  const otherS = machineBefore === undefined || machineAfter === undefined ? undefined : Math.max(0, machineAfter - machineBefore - (processBusyS() - processBefore));
  const otherShare = otherS === undefined ? undefined : Math.max(0, otherS - freeCores * wallS) / (threads * wallS);
  await session!.release();

  const watts = ASSUMED_WATTS_PER_CORE * threads;
  const latencyS = median(runS);
  const setupS = median(creationS);
  const weights = weightBytes(network);
  const other = otherShare === undefined ? '' : `, contention ${(otherShare * 100).toFixed(0)} %`;
  process.stderr.write(`${network.id} batch ${batch}: ${(latencyS * 1e3).toFixed(2)} ms (median of ${runS.length}), session ${(setupS * 1e3).toFixed(1)} ms${other}\n`);
  const row: ProfileRow = {
    backend: BACKEND,
    model: network.id,
    precision: 'fp32',
    batch,
    scope: 'inference',
    name: '',
    latencyS,
    energyJ: watts * latencyS,
    memoryBytes: weights + peakActivationBytes(network, batch),
    weightBytes: weights,
    setupLatencyS: setupS,
    setupEnergyJ: watts * setupS,
    macs: network.totals.macs * batch,
    source:
      `measured by npx tsx bench/profile-cpu.ts${process.argv.slice(2).map((arg) => ` ${arg}`).join('')} on ${machine}: onnxruntime-node ${ORT_VERSION} CPU execution provider, ${threads} intra-op thread${threads === 1 ? '' : 's'}, ` +
      `FP32 graph with random weights; latency = median of ${runS.length} runs after ${WARMUP_RUNS} warm-up runs; setup = median of ${SESSION_CREATIONS} session creations from the model bytes; ` +
      `energy = estimate ${watts} W (assumed ${ASSUMED_WATTS_PER_CORE} W per busy logical core, not measured) x time; ` +
      `memory = estimate FP32 weights + largest layer input+output, not measured; ` +
      `contention ${otherShare === undefined ? 'unknown' : `${(otherShare * 100).toFixed(0)} %`} (CPU time other processes took from this run's ${threads} of ${cpus().length} cores during the timed runs)`,
  };
  return { row, otherShare };
}

/** Measures one network and batch, repeating while other processes kept the cores busy. */
async function profileQuietest(network: ResolvedNetwork, batch: number, threads: number, machine: string): Promise<ProfileRow> {
  let best = await profile(network, batch, threads, machine);
  for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
    if (best.otherShare === undefined || best.otherShare < QUIET_SHARE) break;
    await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_S * 1000));
    const next = await profile(network, batch, threads, machine);
    if (next.otherShare !== undefined && next.otherShare < best.otherShare) best = next;
  }
  return best.row;
}

const ORT_VERSION = (createRequire(import.meta.url)('onnxruntime-node/package.json') as { version: string }).version;

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex >= 0 ? process.argv[outIndex + 1] : 'scenarios/profiles/cpu-onnxruntime.csv';
  const threadsIndex = process.argv.indexOf('--threads');
  const threads = threadsIndex >= 0 ? Number(process.argv[threadsIndex + 1]) : cpus().length;
  if (!Number.isInteger(threads) || threads < 1 || threads > cpus().length) {
    throw new Error(`--threads must be a whole number from 1 to ${cpus().length}`);
  }
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} logical cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${platform()} ${release()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;

  const rows: ProfileRow[] = [];
  for (const id of NETWORKS) {
    const network = loadBundledNetwork(id);
    for (const batch of BATCHES) rows.push(await profileQuietest(network, batch, threads, machine));
  }
  writeFileAtomic(out, formatProfileCsv(rows));
  process.stderr.write(`wrote ${out}\n`);
}

await main();
