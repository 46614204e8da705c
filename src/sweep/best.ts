import { formatTable, type TableColumn } from '../report/table.js';
import type { SweepRow } from './types.js';

/**
 * Returns the lowest-EDP row of each network, networks in order of their first row. Ties go to
 * the lower grid index.
 */
export function bestEdpPerNetwork(rows: SweepRow[]): SweepRow[] {
  const best = new Map<string, SweepRow>();
  const ordered = [...rows].sort((a, b) => a.index - b.index);
  for (const row of ordered) {
    const current = best.get(row.network);
    if (current === undefined || row.edpJs < current.edpJs) best.set(row.network, row);
  }
  return [...best.values()];
}

const BEST_COLUMNS: TableColumn<SweepRow>[] = [
  { header: 'network', value: (row) => row.network },
  { header: 'config', value: (row) => row.config },
  { header: 'tech', value: (row) => row.tech },
  { header: 'vdd', unit: 'V', siPrefix: false, value: (row) => row.vddV },
  { header: 'batch', value: (row) => row.batch },
  { header: 'latency', unit: 's', value: (row) => row.latencyS },
  { header: 'energy', unit: 'J', value: (row) => row.energyJ },
  { header: 'EDP', unit: 'J·s', value: (row) => row.edpJs },
  { header: 'GOPS', significantDigits: 4, value: (row) => row.gops },
  { header: 'TOPS/W', significantDigits: 4, value: (row) => row.topsPerW },
  { header: 'top-1', unit: '%', siPrefix: false, value: (row) => row.top1 },
];

/** Formats rows as the best-EDP table that `bitfluid sweep` prints. */
export function formatBestTable(rows: SweepRow[]): string {
  const overridePaths = [...new Set(rows.flatMap((row) => Object.keys(row.overrides)))];
  const overrideColumns: TableColumn<SweepRow>[] = overridePaths.map((path) => ({ header: path, value: (row) => row.overrides[path] }));
  return formatTable([...BEST_COLUMNS.slice(0, 5), ...overrideColumns, ...BEST_COLUMNS.slice(5)], rows);
}
