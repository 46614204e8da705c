/**
 * Text and JSON forms of a `verify` report: one pass/fail row per layer.
 */
import type { LayerVerdict, VerifyReport } from './run.js';

function percent(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

function failure(layer: LayerVerdict): string {
  const reasons: string[] = [];
  if (layer.values.mismatches > 0) {
    const first = layer.values.examples[0];
    reasons.push(`${layer.values.mismatches} value mismatch(es), first ${first.tensor}[${first.index}] engine ${first.engine} reference ${first.reference}`);
  }
  const cycles = layer.cycles;
  if (!cycles.sameStrategy) reasons.push(`the cost model chose another strategy than ${layer.strategy}`);
  if (cycles.engineApUnitCycles !== cycles.modelApUnitCycles || cycles.engineCapUnitCycles !== cycles.modelCapUnitCycles) reasons.push('cycle totals differ from the cost model');
  if (cycles.mismatches.length > 0) {
    const first = cycles.mismatches[0];
    reasons.push(`${cycles.mismatches.length} step count mismatch(es), first ${first.plan} group ${first.group} '${first.step}' ${first.field}: engine ${first.engine}, plan ${first.model}`);
  }
  if (layer.columns.engine > layer.columns.plan) reasons.push(`the engine's row layout needs ${layer.columns.engine} columns but the plan claims ${layer.columns.plan}`);
  if (!layer.energy.dataIndependentMatches) reasons.push('the energy without cell writes differs between the engine and the model');
  if (!layer.energy.modelMatchesCost) reasons.push("the plan's energy differs from the cost model's");
  if (Math.abs(layer.energy.relativeGap) > layer.energy.tolerance) reasons.push(`energy gap ${percent(layer.energy.relativeGap)} exceeds ±${percent(layer.energy.tolerance)}`);
  return reasons.join('; ');
}

/** Formats the report as a table with one row per layer, then the failures and a summary line. */
export function formatVerifyText(report: VerifyReport): string {
  const header = ['layer', 'kind', 'strategy', 'values', 'mismatches', 'engine cycles', 'model cycles', 'energy gap', 'result'];
  const rows = report.layers.map((layer) => [
    layer.layer,
    layer.kind,
    layer.strategy,
    String(layer.values.compared),
    String(layer.values.mismatches),
    String(layer.cycles.engineApUnitCycles),
    String(layer.cycles.modelApUnitCycles),
    percent(layer.energy.relativeGap),
    layer.passed ? 'pass' : 'FAIL',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]): string => cells.map((cell, column) => (column >= 3 && column <= 7 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  const lines = [
    `${report.network} · ${report.config} · ${report.tech} · batch ${report.batch} · seed ${report.seed} · ${report.chained ? 'whole network, chained' : 'layers on their own inputs'}`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
  ];
  const failed = report.layers.filter((layer) => !layer.passed);
  if (failed.length > 0) {
    lines.push('');
    for (const layer of failed) lines.push(`${layer.layer}: ${failure(layer)}`);
  }
  const values = report.layers.reduce((sum, layer) => sum + layer.values.compared, 0);
  lines.push('');
  lines.push(
    `${report.passed ? 'PASS' : 'FAIL'}: ${report.layers.length - failed.length} of ${report.layers.length} layers passed; ${values} values compared; engine cycles are unit cycles on the critical path (apUnitCycles); energy tolerance ±${percent(report.energyTolerance)}; ${report.seconds.toFixed(1)} s with ${report.jobs} job(s)`,
  );
  return lines.join('\n');
}

/** Returns the report as plain JSON data (BigInts do not occur). */
export function verifyReportJson(report: VerifyReport): unknown {
  return {
    ...report,
    layers: report.layers.map((layer) => ({ ...layer, failure: layer.passed ? undefined : failure(layer) })),
  };
}
