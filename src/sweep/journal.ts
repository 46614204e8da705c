import { closeSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { bitfluidVersion } from './canonical.js';
import { studyHash, type Shard } from './grid.js';
import type { ResolvedStudy } from './resolve.js';
import { rowsEqual, sweepRowSchema } from './rows.js';
import type { SweepRow } from './types.js';

/**
 * The journal of a sweep, `<name>.jsonl`: a header line, then one result row per line as JSON,
 * appended as points finish. A process killed mid-write leaves at most a truncated last line,
 * which readers drop, so a journal is always resumable.
 */

export const JOURNAL_FORMAT = 'bitfluid-sweep-journal';
export const JOURNAL_FORMAT_VERSION = 1;

/** Identity of a sweep, shared by the journal header and the results JSON. */
export interface SweepIdentity {
  bitfluidVersion: string;
  /** `studyHash(spec)`. */
  specHash: string;
  spec: ResolvedStudy;
  /** The shard this run evaluates, or null for the whole grid. */
  shard: Shard | null;
  /** Points in the whole grid, before sharding. */
  gridPoints: number;
}

export interface JournalHeader extends SweepIdentity {
  format: typeof JOURNAL_FORMAT;
  formatVersion: number;
  /** UTC time the journal was created, ISO 8601. */
  createdAt: string;
}

const resolvedStudySchema = z.object({
  networks: z.array(z.object({ network: z.string(), configs: z.array(z.string()) })),
  techs: z.array(z.object({ tech: z.string(), vddV: z.array(z.number()) })),
  batch: z.array(z.number().int().positive()),
  objective: z.array(z.enum(['edp', 'latency', 'energy'])),
  overrides: z.array(z.object({ path: z.string(), values: z.array(z.union([z.string(), z.number()])) })),
});

export const sweepIdentitySchema = z.object({
  bitfluidVersion: z.string(),
  specHash: z.string().regex(/^[0-9a-f]{64}$/),
  spec: resolvedStudySchema,
  shard: z.object({ k: z.number().int().positive(), n: z.number().int().positive() }).nullable(),
  gridPoints: z.number().int().nonnegative(),
});

const journalHeaderSchema = sweepIdentitySchema.extend({
  format: z.literal(JOURNAL_FORMAT),
  formatVersion: z.literal(JOURNAL_FORMAT_VERSION),
  createdAt: z.string(),
});

/** Returns only the identity fields of a journal header or results file. */
export function pickIdentity(source: SweepIdentity): SweepIdentity {
  return {
    bitfluidVersion: source.bitfluidVersion,
    specHash: source.specHash,
    spec: source.spec,
    shard: source.shard,
    gridPoints: source.gridPoints,
  };
}

/** Builds a journal header for a sweep, stamped with this bitfluid version and the current time. */
export function createJournalHeader(identity: SweepIdentity): JournalHeader {
  return {
    format: JOURNAL_FORMAT,
    formatVersion: JOURNAL_FORMAT_VERSION,
    ...pickIdentity(identity),
    bitfluidVersion: bitfluidVersion(),
    createdAt: new Date().toISOString(),
  };
}

/** Writes a whole journal at once, atomically: the header line and one line per row. */
export function writeJournalFile(path: string, header: JournalHeader, rows: SweepRow[]): void {
  const lines = [header, ...rows].map((value) => `${JSON.stringify(value)}\n`);
  writeFileAtomic(path, lines.join(''));
}

export interface JournalContents {
  header: JournalHeader;
  /** Complete rows in file order, with identical repeats removed. */
  rows: SweepRow[];
  /** Bytes up to and including the last complete line; a resumed run truncates the file here. */
  completeBytes: number;
  /** Whether a truncated last line was dropped. */
  droppedPartialLine: boolean;
}

/**
 * Reads a journal. Text after the last newline is a line cut off by a killed process and is
 * dropped. Any other line that is not a valid row raises an `InputError` with its line number,
 * as does a repeated point key with different results.
 */
export function readJournal(path: string): JournalContents {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError({ file: path, expected: `Could not read the sweep journal: ${reason}.` });
  }

  const completeBytes = bytes.lastIndexOf(0x0a) + 1;
  const lines = bytes.subarray(0, completeBytes).toString('utf8').split('\n');
  lines.pop();
  if (lines.length === 0) {
    throw new InputError({
      file: path,
      expected: 'The file has no complete header line, so it is not a bitfluid sweep journal. Delete it and start the sweep again.',
    });
  }

  const header = parseJournalLine(path, lines[0], 1, journalHeaderSchema, 'a bitfluid sweep journal header') as JournalHeader;
  checkSpecHash(path, header);
  const rowsByKey = new Map<string, SweepRow>();
  for (let i = 1; i < lines.length; i++) {
    const row = parseJournalLine(path, lines[i], i + 1, sweepRowSchema, 'a result row') as SweepRow;
    const earlier = rowsByKey.get(row.key);
    if (earlier !== undefined && !rowsEqual(earlier, row)) {
      throw new InputError({
        file: path,
        field: `line ${i + 1}`,
        value: row.key,
        expected: 'The journal holds two different results for this point. Remove one of the two lines or start a new sweep.',
      });
    }
    rowsByKey.set(row.key, row);
  }
  return { header, rows: [...rowsByKey.values()], completeBytes, droppedPartialLine: completeBytes < bytes.length };
}

function parseJournalLine(path: string, line: string, lineNumber: number, schema: z.ZodType, description: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InputError({
      file: path,
      field: `line ${lineNumber}`,
      value: line,
      expected: `Expected ${description}. Only the last line of a journal may be cut off; repair or delete this line, or start a new sweep.`,
    });
  }
  return parsed.data;
}

/**
 * Raises an `InputError` unless the spec hash of a journal header or results file matches its
 * spec, which catches a hand-edited or damaged header before rows are merged or resumed.
 */
export function checkSpecHash(path: string, identity: SweepIdentity): void {
  const computed = studyHash(identity.spec);
  if (computed !== identity.specHash) {
    throw new InputError({
      file: path,
      field: 'specHash',
      value: identity.specHash.slice(0, 16),
      expected: `The spec in the file hashes to ${computed.slice(0, 16)}, so the file was edited or damaged. Restore it or run the sweep again.`,
    });
  }
}

/** Minimum time between two fsync calls of a journal, in milliseconds. */
const SYNC_INTERVAL_MS = 2_000;

/**
 * Appends rows to a journal. Each `append` hands its lines to the operating system in one
 * write, so a killed process loses nothing already appended. fsync runs at most every two
 * seconds and on close, which bounds what a power loss can cost.
 */
export class JournalWriter {
  private lastSyncMs = Date.now();
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {}

  /** Creates a new journal with its header line. Fails if the file exists. */
  static create(path: string, header: JournalHeader): JournalWriter {
    const fd = openSync(path, 'wx');
    const writer = new JournalWriter(path, fd);
    writer.writeText(`${JSON.stringify(header)}\n`);
    writer.sync();
    return writer;
  }

  /** Opens an existing journal for appending after cutting it to `completeBytes`, which drops a partial last line. */
  static reopen(path: string, completeBytes: number): JournalWriter {
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, completeBytes);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    closeSync(fd);
    return new JournalWriter(path, openSync(path, 'a'));
  }

  append(rows: SweepRow[]): void {
    if (rows.length === 0) return;
    this.writeText(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
    if (Date.now() - this.lastSyncMs >= SYNC_INTERVAL_MS) this.sync();
  }

  sync(): void {
    fsyncSync(this.fd);
    this.lastSyncMs = Date.now();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.sync();
    } finally {
      closeSync(this.fd);
    }
  }

  private writeText(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
  }
}
