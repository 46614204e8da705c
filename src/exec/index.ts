/**
 * The reference model: layers executed bit by bit on the AP engine with the cost model's work
 * plans, checked against onnxruntime and against the cost model's cycles and energy.
 */
export { packPlanes, unpackPlanes } from './bitplanes.js';
export type { PlanContext, PlanRole, PlanTask, TaskResult } from './context.js';
export { randomBias, randomTensor, randomWeights } from './data.js';
export { dyadicForRange, dyadicFromScale, observedRange, RANGE_PERCENTILE, type Dyadic } from './dyadic.js';
export { executeLayer, executePlan, type GroupExecution, type LayerData, type LayerExecution, type LayerPlans, type PlanExecution } from './execute.js';
export { bigRange, clampBig, requantizeBig, wrapSigned } from './integer.js';
export type { EngineCount, RowActivity, StepTally } from './meter.js';
export { ExecutorPool } from './pool.js';
export { computeReference, rescale, type ReferenceInput, type ReferenceResult } from './reference/layer.js';
export { planTasks, runTask, MAX_STACKED_ROWS } from './tasks.js';
export { createTensor, formatRange, type IntTensor, type Shape4 } from './tensor.js';
export { loadTensorFile, type FileTensor, type TensorFile } from './tensor-file.js';
export { checkCycles, checkEnergy, waveUnitCycles, type CountMismatch, type CycleCheck, type EnergyCheck, type ValueCheck, type ValueMismatch } from './verify/checks.js';
export { flipOutputBit, parseFault, type OutputFault } from './verify/fault.js';
export { formatVerifyText, verifyReportJson } from './verify/report.js';
export { ENERGY_TOLERANCE, verifyNetwork, type LayerVerdict, type VerifyOptions, type VerifyReport } from './verify/run.js';
