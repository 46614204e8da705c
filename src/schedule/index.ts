/**
 * Scheduling on top of the cost model: the cost interface that schedulers query, its AP and
 * profiled-table implementations, profile CSVs, scheduling scenarios, the real-time dispatch
 * simulator with five policies and the ILP placer.
 */
export type * from './types.js';
export { PROFILE_OP_CLASSES, isProfileOpClass, layerOpClass, type ProfileOpClass } from './op-classes.js';
export { residentOf, sameResident, setupKind, workKey } from './work.js';
export { ApCostModel, type ApCostModelOptions, type Objective as ApObjective } from './ap-cost-model.js';
export { weightLoadCost, type WeightLoadCost } from './ap-setup.js';
export { TableCostModel, type TableCostModelOptions } from './table-cost-model.js';
export { PROFILE_COLUMNS, PROFILE_SCOPES, formatProfileCsv, parseProfileCsv, readProfileCsv, type ProfileRow, type ProfileScope } from './profile-csv.js';
export { apProfileRows } from './export-profile.js';
export {
  DEFAULT_SEED,
  loadScenario,
  parseScenario,
  scenarioPath,
  workOn,
  type PeriodicSource,
  type PlacementSpec,
  type PoissonSource,
  type RequestSource,
  type Scenario,
  type ScenarioBackend,
  type ScenarioModel,
} from './scenario.js';
export { generateRequests, type Request } from './arrivals.js';
export { POLICY_NAMES, type PolicyName } from './policies.js';
export { simulatePolicy, type RequestOutcome, type SimulationResult } from './simulator.js';
export { nearestRankPercentile, type PolicyMetrics } from './metrics.js';
export { solvePlacement, type PlacementAssignment, type PlacementCost, type PlacementProblem, type PlacementSolution } from './ilp.js';
export { placementProblem, placeScenario } from './placement.js';
export { runScenario, type ScenarioRun } from './run.js';
export { formatScheduleText, scheduleJson, type PlacementJson, type ScheduleJson } from './report.js';
