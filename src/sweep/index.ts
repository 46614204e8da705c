/** Design-space sweeps: study specs, grid expansion, sharding, resumable runs and merging. */
export type * from './types.js';
export { defaultStudySpec, parseStudySpecText, readStudySpecFile, type StudySpec, type SpecLocation } from './spec.js';
export { applyStudyFlags, parseSetOption, type StudyFlags } from './spec-flags.js';
export { resolveStudy, type ResolvedStudy } from './resolve.js';
export { expandGrid, gridSize, parseShard, pointKey, selectShard, studyHash, type Shard } from './grid.js';
export { readJournal, JournalWriter, type JournalHeader, type SweepIdentity } from './journal.js';
export { evaluatePoints, type EvaluatePointsOptions, type EvaluatePointsResult } from './runner.js';
export type { EvaluatorModule, EvaluatorSource } from './evaluator-source.js';
export { runSweep, type SweepRunOptions, type SweepRunResult } from './run.js';
export { mergeSweepRecords, readSweepRecord, type MergeResult, type SweepRecord } from './merge.js';
export { formatSweepCsv, readResultsFile, sweepFilePaths, type SweepFiles, type SweepResults } from './outputs.js';
export { bestEdpPerNetwork, formatBestTable } from './best.js';
export { selectEdpTop1Rows, writeEdpTop1Plot } from './plots.js';
export { bundledEvaluatorModule, loadBundledCatalog } from './bundled-model.js';
