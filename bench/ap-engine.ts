/**
 * AP engine throughput: row-passes per second of the bit-plane engine on 1,048,576 rows, against
 * the row-by-row reference interpreter walking the same compiled microcode on fewer rows.
 * A pass is a compare with its write, or one all-row write; row-passes = rows × passes.
 */
import { ApArray, buildOp, countOp, runRowByRow, type OpSpec } from '../src/ap/index.js';
import { SeededRandom } from '../src/util/random.js';
import type { Benchmark } from './registry.js';

const ENGINE_ROWS = 1_048_576;
const REFERENCE_ROWS = 16_384;
const MIN_SECONDS = 2;

interface Case {
  name: string;
  spec: OpSpec;
}

const CASES: Case[] = [
  { name: 'add, 16-bit signed into 16-bit, in place', spec: { op: 'add', aBits: 16, aSigned: true, bBits: 16 } },
  { name: 'mul, 8 × 8 signed', spec: { op: 'mul', aBits: 8, aSigned: true, bBits: 8, bSigned: true } },
];

function randomArray(rows: number, columns: number, seed: number): ApArray {
  const random = new SeededRandom(seed);
  const array = new ApArray(rows, columns);
  for (let column = 0; column < columns; column++) {
    const words = new Int32Array(array.wordsPerColumn);
    for (let word = 0; word < words.length; word++) words[word] = random.nextUint32() | 0;
    array.setColumn(column, words);
  }
  return array;
}

/** Runs `body` until at least `MIN_SECONDS` have passed (and at least 3 times); returns the median seconds per run. */
function medianSeconds(body: () => void): { seconds: number; runs: number } {
  body();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < 3 || performance.now() - start < MIN_SECONDS * 1000) {
    const begin = performance.now();
    body();
    samples.push((performance.now() - begin) / 1000);
  }
  samples.sort((a, b) => a - b);
  return { seconds: samples[Math.floor(samples.length / 2)], runs: samples.length };
}

function format(value: number): string {
  return value.toExponential(2).replace('e+', ' × 10^');
}

async function run(): Promise<string> {
  const lines = [
    '| program | passes | engine: s per run (runs) | engine row-passes/s | row-by-row row-passes/s | speed-up |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { name, spec } of CASES) {
    const built = buildOp(spec);
    const count = countOp(spec);
    const passes = count.writes;

    const engine = randomArray(ENGINE_ROWS, built.columns, 1);
    const engineTime = medianSeconds(() => engine.run(built.program));
    const engineRate = (ENGINE_ROWS * passes) / engineTime.seconds;

    const reference = randomArray(REFERENCE_ROWS, built.columns, 1);
    const referenceTime = medianSeconds(() => runRowByRow(built.program, reference));
    const referenceRate = (REFERENCE_ROWS * passes) / referenceTime.seconds;

    lines.push(
      `| ${name} | ${passes} | ${engineTime.seconds.toFixed(4)} (${engineTime.runs}) | ${format(engineRate)} | ${format(referenceRate)} | ${(engineRate / referenceRate).toFixed(0)}× |`,
    );
    process.stderr.write(`  ${name}: ${format(engineRate)} row-passes/s, ${(engineRate / referenceRate).toFixed(0)}× the row-by-row loop\n`);
  }

  return [
    `Engine: \`ApArray.run\` on ${ENGINE_ROWS.toLocaleString('en-US')} rows, one thread. Row-by-row: \`runRowByRow\`, which copies`,
    'each row\'s bits out, walks the same compiled instructions on them and copies them back, on',
    `${REFERENCE_ROWS.toLocaleString('en-US')} rows; its rate per row does not depend on the row count, so the two rates compare directly.`,
    'Passes = compares with their writes + all-row writes, from `countOp`. Each time is the median of',
    `repeated runs over at least ${MIN_SECONDS} s on random data. Targets: at least 2 × 10^9 row-passes/s and 30× the`,
    'row-by-row loop.',
    '',
    ...lines,
  ].join('\n');
}

export const apEngineBenchmark: Benchmark = {
  id: 'ap-engine',
  title: 'AP engine throughput',
  run,
};
