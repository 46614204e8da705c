import { describe, expect, it } from 'vitest';
import { AP_OPERATIONS } from '../../src/ap/index.js';
import { runCli } from '../helpers/cli.js';

interface OpRow {
  op: string;
  spec: Record<string, unknown>;
  compares: number;
  writes: number;
  cycles: number;
}

describe('bitfluid ops', () => {
  it('prints one JSON object per operation', () => {
    const result = runCli(['ops', '--bits', '8', '--json']);
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout) as OpRow[];
    expect(rows.map((row) => row.op)).toEqual(AP_OPERATIONS.map((info) => info.op));
    const byOp = new Map(rows.map((row) => [row.op, row]));
    expect(byOp.get('relu')).toMatchObject({ compares: 1, writes: 1, cycles: 2 });
    // Signed 8x8: copy 8 passes + 7 terms of 4·8 passes; 1 clear + 6 carry clears.
    expect(byOp.get('mul')).toMatchObject({ compares: 232, writes: 239, cycles: 471 });
    expect(byOp.get('mac')?.spec).toMatchObject({ aBits: 8, bBits: 8, accBits: 26 });
    for (const row of rows) expect(row.cycles).toBeGreaterThanOrEqual(row.compares + row.writes);
  });

  it('takes activation and weight widths and unsigned operands', () => {
    const result = runCli(['ops', '--bits', '4,8', '--no-signed', '--constant', '-37', '--acc-bits', '20', '--json']);
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout) as OpRow[];
    const mul = rows.find((row) => row.op === 'mul');
    expect(mul?.spec).toEqual({ op: 'mul', aBits: 4, aSigned: false, bBits: 8, bSigned: false });
    // Unsigned 4x8: copy 4 passes + 7 terms of 4·4 − 1 passes.
    expect(mul?.compares).toBe(4 + 7 * 15);
    expect(rows.find((row) => row.op === 'macConst')?.spec).toMatchObject({ constant: -37, accBits: 20 });
  });

  it('prints a table by default', () => {
    const result = runCli(['ops', '--bits', '6']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^op\s+operands\s+compares\s+writes/);
    expect(result.stdout).toMatch(/\nrelu\s+bits=6 signed\s+1\s+1\s+0\s+0\s+2\n/);
  });

  it('rejects bad option values with exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [['--bits', '0'], /--bits: invalid value "0"\. Give each width as an integer from 1 to 32/],
      [['--bits', '4,8,2'], /--bits: invalid value "4,8,2"\. Give one width, or the activation and weight widths/],
      [['--bits', 'eight'], /--bits: invalid value "eight"/],
      [['--acc-bits', '65'], /--acc-bits: invalid value "65"\. Give the accumulator width as an integer from 1 to 64/],
      [['--constant', '1.5'], /--constant: invalid value "1\.5"/],
      [['--terms', '0'], /--terms: invalid value "0"/],
      [['--multiplier', '-1'], /--multiplier: invalid value "-1"/],
      [['--shift', '64'], /--shift: invalid value "64"/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(['ops', ...args]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
