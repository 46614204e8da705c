/**
 * Truth-table passes written as data. A rule such as `rule('c0 a1 b1', 'c1 b0')` means: tag the
 * rows whose carry is 0, operand bit 1 and destination bit 1, then write carry 1 and destination
 * 0 into them. The letters are roles that each generator binds to columns for one bit position.
 */
import type { Bit, MicrocodeSink } from './instructions.js';

/** A one-letter role name, bound to a column by the generator that emits the rule. */
export type Role = string;

export interface PassRule {
  readonly when: readonly (readonly [Role, Bit])[];
  readonly set: readonly (readonly [Role, Bit])[];
  /** The rule also requires the guard (for example the multiplier bit) in its key. */
  readonly guarded: boolean;
}

/** Extra key columns that restrict guarded rules to some rows. */
export interface Guard {
  readonly columns: readonly number[];
  readonly key: readonly Bit[];
}

function parseAssignments(text: string): [Role, Bit][] {
  const assignments: [Role, Bit][] = [];
  for (const token of text.split(' ').filter((part) => part !== '')) {
    const match = /^([a-z])([01])$/.exec(token);
    if (match === null) throw new Error(`invalid rule token ${JSON.stringify(token)}`);
    assignments.push([match[1], Number(match[2]) as Bit]);
  }
  return assignments;
}

export function rule(when: string, set: string, guarded = false): PassRule {
  return { when: parseAssignments(when), set: parseAssignments(set), guarded };
}

export interface EmitOptions {
  guard?: Guard;
  /** Rules whose key needs this role to be 1 are skipped, because the role is known to be 0. */
  knownZero?: Role;
  /** When a rule writes this role, the same value also goes to these columns (sign extension). */
  extend?: { role: Role; columns: readonly number[] };
}

/**
 * Emits one compare and one write per rule, in order. A role bound to `undefined` must not
 * appear in a rule that is emitted.
 */
export function emitRules(
  sink: MicrocodeSink,
  rules: readonly PassRule[],
  binding: Readonly<Record<Role, number>>,
  options: EmitOptions = {},
): void {
  for (const passRule of rules) {
    if (options.knownZero !== undefined && passRule.when.some(([role, bit]) => role === options.knownZero && bit === 1)) {
      continue;
    }

    const keyColumns: number[] = [];
    const key: Bit[] = [];
    for (const [role, bit] of passRule.when) {
      keyColumns.push(columnOf(binding, role));
      key.push(bit);
    }
    if (passRule.guarded && options.guard !== undefined) {
      keyColumns.push(...options.guard.columns);
      key.push(...options.guard.key);
    }

    const writeColumns: number[] = [];
    const values: Bit[] = [];
    for (const [role, bit] of passRule.set) {
      writeColumns.push(columnOf(binding, role));
      values.push(bit);
      if (options.extend !== undefined && options.extend.role === role) {
        for (const column of options.extend.columns) {
          writeColumns.push(column);
          values.push(bit);
        }
      }
    }

    sink.compare(keyColumns, key);
    sink.write(writeColumns, values);
  }
}

function columnOf(binding: Readonly<Record<Role, number>>, role: Role): number {
  const column = binding[role];
  if (column === undefined || column < 0) throw new Error(`rule role ${role} has no column`);
  return column;
}
