import { join } from 'node:path';
import { renderVegaLiteSvg, scatterPlotSpec, type ScatterPoint } from '../report/plot.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { canonicalJson } from './canonical.js';
import type { SweepRow } from './types.js';

/** Network whose configs the EDP against top-1 plot shows. */
export const PLOT_NETWORK = 'resnet18';

export interface EdpTop1Selection {
  title: string[];
  points: ScatterPoint[];
  /** The rows behind the points, one per config and technology. */
  rows: SweepRow[];
}

/**
 * Picks one row per config and technology for the EDP against top-1 plot of `network`, among
 * rows with a top-1 accuracy. The batch, objective and overrides are those of the network's
 * first row in grid order. Each technology is shown at the voltage of its lowest-EDP row among
 * those, so every config of a technology shares one voltage. Returns undefined when the
 * network has no row with a top-1 accuracy.
 */
export function selectEdpTop1Rows(rows: SweepRow[], network = PLOT_NETWORK): EdpTop1Selection | undefined {
  const candidates = rows.filter((row) => row.network === network && row.top1 !== undefined).sort((a, b) => a.index - b.index);
  if (candidates.length === 0) return undefined;

  const reference = candidates[0];
  const referenceOverrides = canonicalJson(reference.overrides);
  const comparable = candidates.filter(
    (row) => row.batch === reference.batch && row.objective === reference.objective && canonicalJson(row.overrides) === referenceOverrides,
  );

  const techs = [...new Set(comparable.map((row) => row.tech))];
  const chosen: SweepRow[] = [];
  const voltages: string[] = [];
  for (const tech of techs) {
    const ofTech = comparable.filter((row) => row.tech === tech);
    const lowest = ofTech.reduce((best, row) => (row.edpJs < best.edpJs ? row : best));
    voltages.push(`${tech} ${lowest.vddV} V`);
    chosen.push(...ofTech.filter((row) => row.vddV === lowest.vddV));
  }

  const overrides = Object.entries(reference.overrides).map(([path, value]) => `${path}=${value}`);
  const settings = [`batch ${reference.batch}`, `mapper objective ${reference.objective}`, ...overrides].join(', ');
  return {
    title: [`${network}: EDP against top-1 accuracy`, `${settings}; vdd ${voltages.join(', ')} (lowest-EDP voltage per technology)`],
    points: chosen.map((row) => ({ x: row.top1 as number, y: row.edpJs, label: row.config, group: row.tech })),
    rows: chosen,
  };
}

/**
 * Writes `<name>-resnet18-edp-top1.svg` and its vega-lite spec `<name>-resnet18-edp-top1.vl.json`
 * into `outDir`. Returns their paths, or undefined when the rows have no ResNet18 config with a
 * top-1 accuracy.
 */
export async function writeEdpTop1Plot(outDir: string, name: string, rows: SweepRow[]): Promise<{ svg: string; spec: string } | undefined> {
  const selection = selectEdpTop1Rows(rows);
  if (selection === undefined) return undefined;

  const spec = scatterPlotSpec({
    title: selection.title,
    xTitle: 'top-1 accuracy (%)',
    yTitle: 'EDP per batch (J·s)',
    groupTitle: 'technology',
    logY: true,
    points: selection.points,
  });
  const base = join(outDir, `${name}-${PLOT_NETWORK}-edp-top1`);
  const files = { svg: `${base}.svg`, spec: `${base}.vl.json` };
  writeFileAtomic(files.spec, `${JSON.stringify(spec, null, 2)}\n`);
  writeFileAtomic(files.svg, await renderVegaLiteSvg(spec));
  return files;
}
