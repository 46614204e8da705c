import { formatTable, type TableColumn } from '../report/table.js';
import type { PolicyMetrics } from './metrics.js';
import type { ScenarioRun } from './run.js';

/** The placement as `bitfluid schedule --json` prints it. */
export interface PlacementJson {
  status: string;
  reason?: string;
  makespanS: number | null;
  /** Requests per model id that the placement serves. */
  requests: Record<string, number>;
  /** Workers placed on per model id. */
  replicas: Record<string, number>;
  workers: { worker: string; capacityBytes: number; busyS: number; models: { model: string; requests: number; loadS: number; serviceS: number }[] }[];
  solver: { statuses: string[]; solveS: number };
}

export interface ScheduleJson {
  scenario: string;
  seed: number;
  horizonS: number;
  requests: number;
  policies: PolicyMetrics[];
  placement: PlacementJson;
}

export function scheduleJson(run: ScenarioRun): ScheduleJson {
  const { problem, solution } = run.placement;
  const replicas: Record<string, number> = Object.fromEntries(problem.models.map((model) => [model.id, 0]));
  for (const assignment of solution.assignments) replicas[assignment.model]++;

  const placement: PlacementJson = {
    status: solution.status,
    makespanS: Number.isFinite(solution.makespanS) ? solution.makespanS : null,
    requests: Object.fromEntries(problem.models.map((model) => [model.id, model.requests])),
    replicas,
    workers: problem.workers.map((worker) => ({
      worker: worker.id,
      capacityBytes: worker.capacityBytes,
      busyS: solution.workerBusyS[worker.id] ?? 0,
      models: solution.assignments
        .filter((assignment) => assignment.worker === worker.id)
        .map((assignment) => ({ model: assignment.model, requests: assignment.requests, loadS: assignment.loadS, serviceS: assignment.serviceS })),
    })),
    solver: solution.solver,
  };
  if (solution.reason !== undefined) placement.reason = solution.reason;

  return {
    scenario: run.scenario.name,
    seed: run.seed,
    horizonS: run.scenario.horizonS,
    requests: run.requests.length,
    policies: run.simulations.map((simulation) => simulation.metrics),
    placement,
  };
}

const percent = (value: number) => value * 100;

/** Formats the metrics table, the per-model violation table and the placement as aligned text. */
export function formatScheduleText(run: ScenarioRun): string {
  const json = scheduleJson(run);
  const backendIds = run.scenario.backends.map((backend) => backend.id);
  const sections: string[] = [`${json.scenario}: ${json.requests} requests over ${json.horizonS} s (seed ${json.seed})`];

  const metricColumns: TableColumn<PolicyMetrics>[] = [
    { header: 'policy', value: (row) => row.policy },
    { header: 'violations', unit: '%', siPrefix: false, value: (row) => percent(row.violationRate) },
    { header: 'p50', unit: 's', value: (row) => row.p50S ?? undefined },
    { header: 'p95', unit: 's', value: (row) => row.p95S ?? undefined },
    { header: 'p99', unit: 's', value: (row) => row.p99S ?? undefined },
    { header: 'energy', unit: 'J', value: (row) => row.energyJ },
    ...backendIds.map((id): TableColumn<PolicyMetrics> => ({ header: `${id} util`, unit: '%', siPrefix: false, value: (row) => percent(row.utilization[id]) })),
    { header: 'setups', value: (row) => row.setups['cold-load'] + row.setups.swap + row.setups['precision-reconfig'] },
  ];
  sections.push(formatTable(metricColumns, json.policies));

  const modelColumns: TableColumn<string>[] = [
    { header: 'violations by model (%)', value: (model) => model },
    ...json.policies.map((policy): TableColumn<string> => ({ header: policy.policy, value: (model) => percent(policy.violationRateByModel[model]), significantDigits: 3 })),
  ];
  sections.push(formatTable(modelColumns, run.scenario.models.map((model) => model.id)));

  sections.push(formatPlacementText(json.placement));
  return `${sections.join('\n\n')}\n`;
}

function formatPlacementText(placement: PlacementJson): string {
  const counts = Object.entries(placement.requests)
    .map(([model, count]) => `${model} ${count}`)
    .join(', ');
  if (placement.status !== 'optimal') return `ILP placement (HiGHS) of ${counts}: ${placement.status}: ${placement.reason ?? ''}`;

  const header = `ILP placement (HiGHS) of ${counts} requests: makespan ${formatMs(placement.makespanS ?? 0)}`;
  const columns: TableColumn<PlacementJson['workers'][number]>[] = [
    { header: 'worker', value: (row) => row.worker },
    { header: 'models (requests)', value: (row) => row.models.map((entry) => `${entry.model} ${entry.requests}`).join(', ') || '-' },
    { header: 'load', unit: 's', value: (row) => row.models.reduce((sum, entry) => sum + entry.loadS, 0) },
    { header: 'busy', unit: 's', value: (row) => row.busyS },
  ];
  return `${header}\n${formatTable(columns, placement.workers)}`;
}

function formatMs(seconds: number): string {
  return `${Number((seconds * 1e3).toPrecision(4))} ms`;
}
