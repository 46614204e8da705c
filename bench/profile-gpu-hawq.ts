/**
 * Writes the published NVIDIA T4 inference times of HAWQ-V3's ResNet18 and ResNet50 as a profile
 * CSV (docs/scheduling.md, "Profile CSV"). Nothing here is measured on this machine.
 *
 *   npx tsx bench/profile-gpu-hawq.ts [--out scenarios/profiles/gpu-t4-hawq.csv]
 *
 * Latency and model size come from the README of github.com/Zhen-Dong/HAWQ ("Experimental
 * Results", Tables I and II of HAWQ-V3, Yao et al., ICML 2021). Its inference speed is at batch 8
 * in ms, measured with TVM on an NVIDIA T4 (tvm_benchmark/README.md of the same repository). Its
 * model size is in MB, which the bundled quant-configs/hawq/README.md shows to mean 2^20 bytes. HAWQ's ResNet50 is
 * the PyTorchCV v1 layout, bitfluid's `resnet50-v1`; its "Mixed Precision" rows are the
 * bops_0.5 configs, bitfluid's `hawq-bops-0.5`.
 *
 * Estimates, marked so in the source column:
 * - energy = 70 W × time, the T4's maximum board power (NVIDIA T4 product brief), so an upper bound;
 * - activation memory = the largest layer's input plus output at batch 8 (4 bytes per value in
 *   FP32, the bundled config's bit widths otherwise);
 * - setup = weight bytes over PCIe 3.0 x16 at its 15.75 GB/s peak (8 GT/s × 16 lanes × 128/130
 *   encoding), a lower bound that leaves out framework and driver time.
 */
import { layerMemory } from '../src/schedule/ap-memory.js';
import { formatProfileCsv, type ProfileRow } from '../src/schedule/profile-csv.js';
import { DescriptionCache } from '../src/sweep/bundled-catalog.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';

const BACKEND = 't4-tvm';
const BATCH = 8;
const BOARD_POWER_W = 70;
const PCIE_BYTES_PER_S = 15.75e9;

/** Rows of the HAWQ README: network, bitfluid precision id, inference ms at batch 8, model size in MiB. */
const PUBLISHED: [string, string, number, number][] = [
  ['resnet18', 'fp32', 9.7, 44.6],
  ['resnet18', 'int8', 3.3, 11.1],
  ['resnet18', 'hawq-bops-0.5', 2.7, 6.7],
  ['resnet18', 'int4', 2.2, 5.8],
  ['resnet50-v1', 'fp32', 26.2, 97.8],
  ['resnet50-v1', 'int8', 8.5, 24.5],
  ['resnet50-v1', 'hawq-bops-0.5', 6.9, 18.7],
  ['resnet50-v1', 'int4', 5.8, 13.1],
];

const HAWQ_NAMES: Record<string, string> = { fp32: 'Floating Points', int8: 'W8A8', 'hawq-bops-0.5': 'Mixed Precision (bops0.5)', int4: 'W4A4' };

/** Largest layer input plus output at the batch, in bytes. */
function peakActivationBytes(cache: DescriptionCache, networkId: string, precision: string): number {
  const network = cache.network(networkId);
  if (precision === 'fp32') {
    let peak = 0;
    for (const layer of network.layers) {
      const inputs = layer.inputShapes.reduce((sum, shape) => sum + shape.channels * shape.height * shape.width, 0);
      const out = layer.outputShape;
      peak = Math.max(peak, (inputs + out.channels * out.height * out.width) * BATCH * 4);
    }
    return peak;
  }
  const memory = layerMemory(network, cache.config(networkId, precision), BATCH);
  return Math.max(...memory.activationBits) / 8;
}

function main(): void {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex >= 0 ? process.argv[outIndex + 1] : 'scenarios/profiles/gpu-t4-hawq.csv';
  const cache = new DescriptionCache();

  const rows: ProfileRow[] = PUBLISHED.map(([model, precision, latencyMs, sizeMiB]) => {
    const latencyS = latencyMs / 1e3;
    const weightBytes = Math.round(sizeMiB * 2 ** 20);
    const setupS = weightBytes / PCIE_BYTES_PER_S;
    const table = model === 'resnet18' ? 'ResNet18' : 'ResNet50';
    return {
      backend: BACKEND,
      model,
      precision,
      batch: BATCH,
      scope: 'inference',
      name: '',
      latencyS,
      energyJ: BOARD_POWER_W * latencyS,
      memoryBytes: weightBytes + peakActivationBytes(cache, model, precision),
      weightBytes,
      setupLatencyS: setupS,
      setupEnergyJ: BOARD_POWER_W * setupS,
      macs: cache.network(model).totals.macs * BATCH,
      source:
        `published: github.com/Zhen-Dong/HAWQ README, ${table} "${HAWQ_NAMES[precision]}" row (HAWQ-V3 Tables I-II): ${latencyMs} ms at batch ${BATCH} with TVM on an NVIDIA T4, model size ${sizeMiB} MB (2^20 bytes); ` +
        `energy = estimate ${BOARD_POWER_W} W T4 maximum board power x time (upper bound); memory = model size + estimate of the largest layer input+output at batch ${BATCH}; ` +
        `setup = estimate weight bytes over PCIe 3.0 x16 at 15.75 GB/s (lower bound, framework time left out)`,
    };
  });
  writeFileAtomic(out, formatProfileCsv(rows));
  process.stderr.write(`wrote ${out}\n`);
}

main();
