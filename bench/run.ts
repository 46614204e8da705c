/**
 * Runs the benchmarks and records their results in docs/benchmarks.md.
 *
 *   npm run bench              run every benchmark
 *   npm run bench -- ap-engine run one benchmark by id; the other sections stay as they are
 *
 * Each benchmark owns one section of docs/benchmarks.md, delimited by HTML comments, so a
 * partial run rewrites only its own sections.
 */
import { readFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { PACKAGE_ROOT } from '../src/util/paths.js';
import { BENCHMARKS } from './registry.js';

const DOC = join(PACKAGE_ROOT, 'docs', 'benchmarks.md');

function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const memoryGiB = (totalmem() / 2 ** 30).toFixed(0);
  return `${cpu}, ${cpus().length} logical cores, ${memoryGiB} GiB RAM, ${platform()} ${release()}, Node ${process.version}`;
}

function readSections(): Map<string, string> {
  const sections = new Map<string, string>();
  if (!existsSync(DOC)) return sections;
  const text = readFileSync(DOC, 'utf8');
  const pattern = /<!-- bench:([\w-]+) -->\n([\s\S]*?)<!-- \/bench:\1 -->/g;
  for (const match of text.matchAll(pattern)) sections.set(match[1], match[2]);
  return sections;
}

async function runBenchmarks(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((id) => !BENCHMARKS.some((bench) => bench.id === id));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown benchmark ${unknown.join(', ')}. Known: ${BENCHMARKS.map((b) => b.id).join(', ')}\n`);
    process.exit(2);
  }
  const selected = requested.length === 0 ? BENCHMARKS : BENCHMARKS.filter((bench) => requested.includes(bench.id));

  const sections = readSections();
  for (const bench of selected) {
    process.stderr.write(`benchmark ${bench.id}: ${bench.title}\n`);
    const startedAt = new Date().toISOString();
    const loadBefore = loadavg()[0];
    const body = await bench.run();
    const loadAfter = loadavg()[0];
    const header = [
      `## ${bench.title}`,
      '',
      `- Command: \`npm run bench -- ${bench.id}\``,
      `- Machine: ${machineLine()}`,
      `- Run at: ${startedAt}`,
      `- One-minute load average: ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after (above the core count, other processes shared the cores and the figures are low)`,
      '',
    ].join('\n');
    sections.set(bench.id, `${header}\n${body.trim()}\n\n`);
  }

  const ordered = BENCHMARKS.filter((bench) => sections.has(bench.id)).map(
    (bench) => `<!-- bench:${bench.id} -->\n${sections.get(bench.id)}<!-- /bench:${bench.id} -->`,
  );
  const intro = [
    '# Benchmarks',
    '',
    'Speed and memory figures of bitfluid, each written by `npm run bench` on the machine named in',
    'its section. Rerun a section with `npm run bench -- <id>`; the others are kept as recorded.',
    '',
  ].join('\n');
  writeFileAtomic(DOC, `${intro}\n${ordered.join('\n\n')}\n`);
  process.stderr.write(`wrote ${DOC}\n`);
}

await runBenchmarks();
