import cliProgress from 'cli-progress';
import { log } from '../util/logger.js';

/** Reports how many points of a sweep are done. */
export interface ProgressReporter {
  /** Sets the number of points done, including those done before a resume. */
  update(done: number): void;
  stop(): void;
}

export interface ProgressOptions {
  total: number;
  /** Points already done when the run starts (a resumed journal). */
  initial: number;
  /** No progress output at all. */
  quiet: boolean;
  /** Draw a bar; by default when stderr is a terminal. */
  interactive?: boolean;
  /** Minimum time between two progress lines when there is no bar, in milliseconds. */
  lineIntervalMs?: number;
}

/** Default minimum time between progress lines on a non-terminal stderr, in milliseconds. */
const DEFAULT_LINE_INTERVAL_MS = 5_000;

/**
 * Creates a progress reporter on stderr: a cli-progress bar when stderr is a terminal, else a
 * progress line through the logger at most every five seconds, so that logs stay short.
 */
export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  if (options.quiet || options.total === 0) return { update() {}, stop() {} };

  const interactive = options.interactive ?? process.stderr.isTTY === true;
  if (interactive) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: 'sweep [{bar}] {percentage}% | {value}/{total} points | {rate} points/s | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    const startMs = Date.now();
    bar.start(options.total, options.initial, { rate: '0' });
    return {
      update(done) {
        bar.update(done, { rate: formatRate(done - options.initial, Date.now() - startMs) });
      },
      stop() {
        bar.stop();
      },
    };
  }

  const intervalMs = options.lineIntervalMs ?? DEFAULT_LINE_INTERVAL_MS;
  const startMs = Date.now();
  let lastLineMs = startMs;
  return {
    update(done) {
      const nowMs = Date.now();
      if (nowMs - lastLineMs < intervalMs || done >= options.total) return;
      lastLineMs = nowMs;
      log.info(formatProgressLine(done, options.total, done - options.initial, nowMs - startMs));
    },
    stop() {},
  };
}

/** Formats `sweep: 120/960 points (12.5%), 3.1 points/s, about 4 min left`. */
export function formatProgressLine(done: number, total: number, evaluatedNow: number, elapsedMs: number): string {
  const percent = total === 0 ? 100 : (100 * done) / total;
  const ratePerS = elapsedMs > 0 ? (1000 * evaluatedNow) / elapsedMs : 0;
  const left = ratePerS > 0 ? `, about ${formatDuration((total - done) / ratePerS)} left` : '';
  return `sweep: ${done}/${total} points (${percent.toFixed(1)}%), ${formatRate(evaluatedNow, elapsedMs)} points/s${left}`;
}

function formatRate(count: number, elapsedMs: number): string {
  if (elapsedMs <= 0) return '0';
  return String(Number(((1000 * count) / elapsedMs).toPrecision(3)));
}

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
