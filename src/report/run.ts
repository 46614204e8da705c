import type { LayerCost, RunResult } from '../cost/types.js';
import { OP_CLASSES } from '../mapping/types.js';
import { formatCsv } from './csv.js';
import { formatSi } from './si.js';
import { formatTable } from './table.js';

/** One layer of `bitfluid run --json`. */
export interface LayerJson {
  name: string;
  kind: string;
  /** The strategy the mapper chose, `none` for free layers. */
  mapping: string;
  reason: string;
  items: number;
  waves: number;
  rowsPerItem: number;
  cycles: number;
  apUnitCycles: number;
  computeCycles: number;
  transferCycles: number;
  latencyS: number;
  energyJ: number;
  energy: LayerCost['energy'];
  byClass: LayerCost['byClass'];
  macs: number;
  exact: boolean;
  candidates: LayerCost['candidates'];
  infeasible: LayerCost['infeasible'];
  notes: string[];
}

/** Returns the object `bitfluid run --json` prints. */
export function runResultJson(result: RunResult) {
  return {
    network: result.network,
    config: result.config,
    tech: result.tech,
    arch: result.arch,
    vddV: result.vddV,
    batch: result.batch,
    objective: result.objective,
    clockHz: result.clockHz,
    totals: result.totals,
    footprint: result.footprint,
    layers: result.layers.map(layerJson),
    warnings: result.warnings,
    provenance: result.provenance,
  };
}

function layerJson(layer: LayerCost): LayerJson {
  return {
    name: layer.name,
    kind: layer.kind,
    mapping: layer.strategy,
    reason: layer.reason,
    items: layer.items,
    waves: layer.waves,
    rowsPerItem: layer.rowsPerItem,
    cycles: layer.cycles,
    apUnitCycles: layer.apUnitCycles,
    computeCycles: layer.computeCycles,
    transferCycles: layer.transferCycles,
    latencyS: layer.latencyS,
    energyJ: layer.energy.totalJ,
    energy: layer.energy,
    byClass: layer.byClass,
    macs: layer.macs,
    exact: layer.exact,
    candidates: layer.candidates,
    infeasible: layer.infeasible,
    notes: layer.notes,
  };
}

const LAYER_CSV_HEADER = [
  'name',
  'kind',
  'mapping',
  'items',
  'waves',
  'rowsPerItem',
  'cycles',
  'apUnitCycles',
  'computeCycles',
  'transferCycles',
  'latencyS',
  'energyJ',
  'compareJ',
  'writeJ',
  'moveJ',
  'leakageJ',
  'controlJ',
  'macs',
  'exact',
  'reason',
];

/** Per-layer rows of a run as CSV, one row per layer including free ones. */
export function formatRunCsv(result: RunResult): string {
  const rows = result.layers.map((layer) => [
    layer.name,
    layer.kind,
    layer.strategy,
    layer.items,
    layer.waves,
    layer.rowsPerItem,
    layer.cycles,
    layer.apUnitCycles,
    layer.computeCycles,
    layer.transferCycles,
    layer.latencyS,
    layer.energy.totalJ,
    layer.energy.compareJ,
    layer.energy.writeJ,
    layer.energy.moveJ,
    layer.energy.leakageJ,
    layer.energy.controlJ,
    layer.macs,
    layer.exact ? 'true' : 'false',
    layer.reason,
  ]);
  return formatCsv(LAYER_CSV_HEADER, rows);
}

/**
 * Formats the text report of a run: one line per layer that costs something (all layers with
 * `allLayers`), then the totals and the breakdowns by component and by operator class.
 */
export function formatRunText(result: RunResult, allLayers = false): string {
  const layers = allLayers ? result.layers : result.layers.filter((layer) => layer.strategy !== 'none');
  const table = formatTable<LayerCost>(
    [
      { header: 'layer', value: (layer) => layer.name },
      { header: 'kind', value: (layer) => layer.kind },
      { header: 'mapping', value: (layer) => layer.strategy },
      { header: 'items', value: (layer) => layer.items },
      { header: 'waves', value: (layer) => layer.waves },
      { header: 'cycles', value: (layer) => Math.round(layer.cycles), siPrefix: false },
      { header: 'latency', unit: 's', value: (layer) => layer.latencyS },
      { header: 'energy', unit: 'J', value: (layer) => layer.energy.totalJ },
      { header: 'share of energy (%)', value: (layer) => (100 * layer.energy.totalJ) / result.totals.energyJ, significantDigits: 3 },
    ],
    layers,
  );

  const t = result.totals;
  const header = `${result.network} · ${result.config} · ${result.tech} at ${result.vddV} V (clock ${formatSi(result.clockHz, 'Hz')}) · batch ${result.batch} · mapper objective ${result.objective}`;
  const totals = [
    `cycles ${Math.round(t.cycles).toLocaleString('en-US')}   latency ${formatSi(t.latencyS, 's')}   energy ${formatSi(t.energyJ, 'J')}   EDP ${formatSi(t.edpJs, 'J·s')}`,
    `throughput ${t.gops.toPrecision(4)} GOPS (${t.inferencesPerS.toPrecision(4)} inferences/s)   efficiency ${t.topsPerW.toPrecision(4)} TOPS/W   array utilization ${(100 * t.utilization).toFixed(1)} %`,
    `energy by component: ${(['compareJ', 'writeJ', 'moveJ', 'leakageJ', 'controlJ'] as const).map((key) => `${key.slice(0, -1)} ${formatSi(t.energy[key], 'J')}`).join(', ')}`,
    `by operator class: ${OP_CLASSES.map((opClass) => `${opClass} ${formatSi(t.byClass[opClass].latencyS, 's')} / ${formatSi(t.byClass[opClass].energyJ, 'J')}`).join(', ')}`,
  ];
  const warnings = result.warnings.map((warning) => `warning: ${warning}`);
  const hidden = result.layers.length - layers.length;
  const hiddenNote = hidden > 0 ? [`${hidden} layers that cost nothing (folded batch norms, fused ReLUs, flatten) are not listed; --all-layers lists them.`] : [];
  return [header, '', table, ...hiddenNote, '', ...totals, ...(warnings.length > 0 ? ['', ...warnings] : [])].join('\n');
}
