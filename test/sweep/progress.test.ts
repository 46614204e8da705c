import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgressReporter, formatProgressLine } from '../../src/sweep/progress.js';

describe('formatProgressLine', () => {
  it('states done, total, rate and time left', () => {
    expect(formatProgressLine(120, 960, 100, 20_000)).toBe('sweep: 120/960 points (12.5%), 5 points/s, about 3 min left');
  });

  it('omits the time left before any rate is known', () => {
    expect(formatProgressLine(0, 10, 0, 0)).toBe('sweep: 0/10 points (0.0%), 0 points/s');
  });
});

describe('createProgressReporter without a terminal', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints lines no more often than the interval', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
      written.push(String(text));
      return true;
    });
    const reporter = createProgressReporter({ total: 100, initial: 0, quiet: false, interactive: false, lineIntervalMs: 60_000 });
    for (let done = 1; done < 100; done++) reporter.update(done);
    reporter.stop();
    expect(written).toEqual([]);
  });

  it('prints nothing when quiet', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const reporter = createProgressReporter({ total: 100, initial: 0, quiet: true, interactive: false, lineIntervalMs: 0 });
    reporter.update(50);
    expect(write).not.toHaveBeenCalled();
  });

  it('prints a line once the interval has passed', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
      written.push(String(text));
      return true;
    });
    const reporter = createProgressReporter({ total: 100, initial: 0, quiet: false, interactive: false, lineIntervalMs: -1 });
    reporter.update(50);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^sweep: 50\/100 points \(50\.0%\)/);
  });
});
