import { apEngineBenchmark } from './ap-engine.js';
import { costModelBenchmark } from './cost-model.js';
import { execBenchmark } from './exec.js';

/** One benchmark: it runs, then returns the Markdown body of its section in docs/benchmarks.md. */
export interface Benchmark {
  id: string;
  title: string;
  run(): Promise<string>;
}

/** Every benchmark, in the order docs/benchmarks.md lists them. */
export const BENCHMARKS: Benchmark[] = [apEngineBenchmark, costModelBenchmark, execBenchmark];
