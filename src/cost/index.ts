/** Cost model: work plans priced at a technology and voltage; network totals. */
export { evaluateNetwork, type EvaluationInput } from './evaluate.js';
export { costCoefficients, type CostCoefficients, type CyclesPerInstruction } from './coefficients.js';
export { costPlan } from './plan-cost.js';
export { chooseCandidate, objectiveValue } from './choose.js';
export type { CandidateSummary, ClassCost, EnergyBreakdown, Footprint, LayerCost, PlanCost, ProvenanceRef, RunResult, RunTotals } from './types.js';
