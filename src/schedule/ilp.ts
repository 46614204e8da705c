import * as highsModule from 'highs';
import type { Highs } from 'highs';

// The package's one declaration file sits in a CommonJS package, so TypeScript (NodeNext) types
// its default export as the whole module. At run time `import` loads the ES module build
// (highs 1.15, build/highs.mjs), whose default export is the loader.
const loadHighs = (highsModule as unknown as { default: () => Promise<Highs> }).default;

/**
 * MOSAIC-style placement as a mixed-integer linear program, solved with HiGHS (the `highs`
 * package, HiGHS compiled to WebAssembly). MOSAIC (Mitra et al., arXiv 2606.03014) formulates
 * one ILP that jointly chooses expert placement and per-worker prompt assignment from
 * offline-profiled costs, replicating heavy experts and pinning light ones. Its exact
 * formulation was not available to us, so the makespan objective and the load-cost term below
 * are bitfluid's own:
 *
 *   variables  y[m,w] ∈ {0,1}  model m is placed on worker w
 *              x[m,w] ∈ ℤ≥0    requests of m served by w
 *              T ≥ 0           makespan
 *   minimize   T
 *   subject to Σ_w x[m,w] = n[m]                          every request is served
 *              x[m,w] ≤ n[m] · y[m,w]                     only where m is placed
 *              Σ_m mem[m,w] · y[m,w] ≤ cap[w]             placed models fit together
 *              Σ_m (L[m,w] · y[m,w] + t[m,w] · x[m,w]) ≤ T each worker loads, then serves in turn
 *              Σ_w y[m,w] ≤ R[m]                          optional replica cap
 *
 * with y[m,w] = 0 wherever w cannot run m or mem[m,w] > cap[w]. A second solve keeps the optimal
 * makespan and minimizes Σ y, so no replica is placed that serves nothing.
 */

/** Costs of model m on worker w. */
export interface PlacementCost {
  /** Time to serve one request (t). */
  serviceS: number;
  /** Time to load the model onto the worker (L). */
  loadS: number;
  /** Memory the model occupies on the worker (mem). */
  memoryBytes: number;
}

export interface PlacementProblem {
  models: { id: string; requests: number; maxReplicas?: number }[];
  workers: { id: string; capacityBytes: number }[];
  /** costs[m][w], undefined where worker w cannot run model m. */
  costs: (PlacementCost | undefined)[][];
}

export interface PlacementAssignment {
  model: string;
  worker: string;
  requests: number;
  loadS: number;
  /** requests × service time. */
  serviceS: number;
}

export interface PlacementSolution {
  /** `optimal`; `infeasible` when no placement satisfies the constraints; `not-solved` with HiGHS's status otherwise. */
  status: 'optimal' | 'infeasible' | 'not-solved';
  /** Reason the problem has no solution, for `infeasible` and `not-solved`. */
  reason?: string;
  /** The largest worker busy time of the placement, recomputed from its integer values. */
  makespanS: number;
  assignments: PlacementAssignment[];
  /** Load plus service time per worker id. */
  workerBusyS: Record<string, number>;
  /** HiGHS's model status of each solve and the wall time of both. */
  solver: { statuses: string[]; solveS: number };
}

let solverPromise: Promise<Highs> | undefined;

function loadSolver(): Promise<Highs> {
  solverPromise ??= loadHighs();
  return solverPromise;
}

const SOLVER_OPTIONS = {
  output_flag: false,
  // Exact optimum: the default relative gap (1e-4) would stop at a placement up to 0.01 % worse.
  mip_rel_gap: 0,
  mip_abs_gap: 0,
  mip_feasibility_tolerance: 1e-9,
  primal_feasibility_tolerance: 1e-9,
  time_limit: 60,
} as const;

/** A pair (m, w) that gets variables: w can run m and a single replica fits. */
interface Eligible {
  m: number;
  w: number;
  cost: PlacementCost;
}

/** Solves a placement problem to optimality (or reports why it cannot). */
export async function solvePlacement(problem: PlacementProblem): Promise<PlacementSolution> {
  const startMs = performance.now();
  const eligible: Eligible[] = [];
  problem.models.forEach((model, m) => {
    if (model.requests <= 0) return;
    problem.workers.forEach((worker, w) => {
      const cost = problem.costs[m][w];
      if (cost !== undefined && cost.memoryBytes <= worker.capacityBytes) eligible.push({ m, w, cost });
    });
  });

  const unplaceable = problem.models.find((model, m) => model.requests > 0 && !eligible.some((pair) => pair.m === m));
  if (unplaceable !== undefined) {
    return emptySolution(problem, 'infeasible', `model "${unplaceable.id}" fits on no worker that can run it (memory or support)`, [], startMs);
  }
  if (eligible.length === 0) return { ...emptySolution(problem, 'optimal', undefined, [], startMs), reason: undefined };

  const unitS = timeUnit(problem, eligible);
  const solver = await loadSolver();

  const first = solver.solve(formatLp(problem, eligible, unitS, undefined), SOLVER_OPTIONS);
  const statuses = [first.Status];
  if (first.Status === 'Infeasible') return emptySolution(problem, 'infeasible', 'the memory and replica constraints leave no placement that serves every request', statuses, startMs);
  if (first.Status !== 'Optimal') return emptySolution(problem, 'not-solved', `HiGHS stopped with status "${first.Status}"`, statuses, startMs);
  const best = readSolution(problem, eligible, first.Columns);

  // Second solve: the same makespan (plus HiGHS's tolerance) with as few replicas as possible.
  const second = solver.solve(formatLp(problem, eligible, unitS, best.makespanS / unitS), SOLVER_OPTIONS);
  statuses.push(second.Status);
  let chosen = best;
  if (second.Status === 'Optimal') {
    const fewer = readSolution(problem, eligible, second.Columns);
    if (fewer.makespanS <= best.makespanS) chosen = fewer;
  }
  return { status: 'optimal', makespanS: chosen.makespanS, assignments: chosen.assignments, workerBusyS: chosen.workerBusyS, solver: { statuses, solveS: (performance.now() - startMs) / 1000 } };
}

function emptySolution(problem: PlacementProblem, status: PlacementSolution['status'], reason: string | undefined, statuses: string[], startMs: number): PlacementSolution {
  const solution: PlacementSolution = {
    status,
    makespanS: status === 'optimal' ? 0 : NaN,
    assignments: [],
    workerBusyS: Object.fromEntries(problem.workers.map((worker) => [worker.id, 0])),
    solver: { statuses, solveS: (performance.now() - startMs) / 1000 },
  };
  if (reason !== undefined) solution.reason = reason;
  return solution;
}

/**
 * Picks the time unit of the LP text: the largest over models of the cheapest way to serve all
 * of a model's requests on one worker. The makespan lies within a small factor of it, so every
 * coefficient is of order one and HiGHS's absolute tolerances stay small against the optimum.
 */
function timeUnit(problem: PlacementProblem, eligible: Eligible[]): number {
  let unitS = 0;
  problem.models.forEach((model, m) => {
    const own = eligible.filter((pair) => pair.m === m);
    if (own.length === 0) return;
    unitS = Math.max(unitS, Math.min(...own.map((pair) => pair.cost.loadS + pair.cost.serviceS * model.requests)));
  });
  return unitS > 0 ? unitS : 1;
}

/** Formats a coefficient so that the LP reader gets every significant digit. */
function num(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(17);
}

/** Formats a linear expression such as `0.5 y_0_1 + 2 x_0_1`, dropping zero coefficients. */
function sum(terms: [number, string][]): string {
  const kept = terms.filter(([coefficient]) => coefficient !== 0);
  if (kept.length === 0) return '0 T';
  return kept.map(([coefficient, name], i) => `${i === 0 ? '' : '+ '}${num(coefficient)} ${name}`).join(' ');
}

/**
 * Writes the placement as CPLEX LP text. With `makespanUnits` undefined it minimizes T. Otherwise
 * it bounds every worker by that makespan and minimizes the number of replicas.
 */
function formatLp(problem: PlacementProblem, eligible: Eligible[], unitS: number, makespanUnits: number | undefined): string {
  const x = (pair: Eligible) => `x_${pair.m}_${pair.w}`;
  const y = (pair: Eligible) => `y_${pair.m}_${pair.w}`;
  const lines: string[] = ['Minimize'];
  lines.push(makespanUnits === undefined ? ' obj: T' : ` obj: ${sum(eligible.map((pair) => [1, y(pair)]))}`);
  lines.push('Subject To');

  problem.models.forEach((model, m) => {
    const own = eligible.filter((pair) => pair.m === m);
    if (own.length === 0) return;
    lines.push(` serve_${m}: ${sum(own.map((pair) => [1, x(pair)]))} = ${model.requests}`);
    for (const pair of own) lines.push(` link_${m}_${pair.w}: ${x(pair)} - ${model.requests} ${y(pair)} <= 0`);
    if (model.maxReplicas !== undefined) lines.push(` replicas_${m}: ${sum(own.map((pair) => [1, y(pair)]))} <= ${model.maxReplicas}`);
  });

  problem.workers.forEach((worker, w) => {
    const own = eligible.filter((pair) => pair.w === w);
    if (own.length === 0) return;
    lines.push(` memory_${w}: ${sum(own.map((pair) => [pair.cost.memoryBytes / worker.capacityBytes, y(pair)]))} <= 1`);
    const busy = sum(own.flatMap((pair): [number, string][] => [
      [pair.cost.loadS / unitS, y(pair)],
      [pair.cost.serviceS / unitS, x(pair)],
    ]));
    lines.push(makespanUnits === undefined ? ` busy_${w}: ${busy} - T <= 0` : ` busy_${w}: ${busy} <= ${num(makespanUnits * (1 + 1e-9))}`);
  });

  lines.push('Bounds');
  if (makespanUnits === undefined) lines.push(' T >= 0');
  for (const pair of eligible) lines.push(` 0 <= ${x(pair)} <= ${problem.models[pair.m].requests}`);
  lines.push('General');
  lines.push(` ${eligible.map(x).join(' ')}`);
  lines.push('Binary');
  lines.push(` ${eligible.map(y).join(' ')}`);
  lines.push('End');
  return lines.join('\n');
}

/** Rounds HiGHS's values to integers and recomputes every busy time and the makespan exactly. */
function readSolution(problem: PlacementProblem, eligible: Eligible[], columns: Record<string, { Primal?: number }>) {
  const value = (name: string) => Math.round(columns[name]?.Primal ?? 0);
  const workerBusyS: Record<string, number> = Object.fromEntries(problem.workers.map((worker) => [worker.id, 0]));
  const assignments: PlacementAssignment[] = [];

  for (const pair of eligible) {
    const requests = value(`x_${pair.m}_${pair.w}`);
    const placed = value(`y_${pair.m}_${pair.w}`) === 1 || requests > 0;
    if (!placed) continue;
    const worker = problem.workers[pair.w].id;
    const assignment = { model: problem.models[pair.m].id, worker, requests, loadS: pair.cost.loadS, serviceS: requests * pair.cost.serviceS };
    assignments.push(assignment);
    workerBusyS[worker] += assignment.loadS + assignment.serviceS;
  }
  const makespanS = Math.max(0, ...Object.values(workerBusyS));
  return { makespanS, assignments, workerBusyS };
}
