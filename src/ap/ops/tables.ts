/**
 * Truth tables of the bit-serial adders, as ordered pass rules (see `rules.ts`). Roles:
 *   a  operand bit (the value added or subtracted)
 *   b  destination bit, updated in place
 *   c  carry (for subtraction: borrow)
 *   t  the bit above the region, which receives the sign of a signed result
 *
 * The order of the passes in each table matters: a row written by one pass must not match a
 * later pass of the same bit unless that later pass leaves it correct. Where two states would
 * swap into each other, one pass also writes a scratch column that is dead afterwards (a
 * "marker", noted at the rule) so that the row stops matching.
 */
import { rule } from '../rules.js';

/** b ← b + a + c, c ← carry out. States (c,a,b) 011, 010, 100, 101 in that order. */
export const FULL_ADD = [
  rule('c0 a1 b1', 'c1 b0', true),
  rule('c0 a1 b0', 'b1', true),
  rule('c1 a0 b0', 'c0 b1'),
  rule('c1 a0 b1', 'b0'),
];

/** The first bit of an addition: the carry is known to be 0 (it stays in the key of the second pass). */
export const FIRST_ADD = [rule('c0 a1 b1', 'c1 b0', true), rule('c0 a1 b0', 'b1', true)];

/** An addition bit where the operand bit is the constant 0: only the carry propagates. */
export const CARRY_ADD = [rule('c1 b0', 'c0 b1'), rule('c1 b1', 'b0')];

/** b ← b − a − c, c ← borrow out. States (c,a,b) 010, 011, 101, 100 in that order. */
export const FULL_SUB = [
  rule('c0 a1 b0', 'c1 b1', true),
  rule('c0 a1 b1', 'b0', true),
  rule('c1 a0 b1', 'c0 b0'),
  rule('c1 a0 b0', 'b1'),
];

export const FIRST_SUB = [rule('c0 a1 b0', 'c1 b1', true), rule('c0 a1 b1', 'b0', true)];

export const BORROW_SUB = [rule('c1 b1', 'c0 b0'), rule('c1 b0', 'b1')];

/**
 * Top bit of a signed addition that grows the result by one bit: b and a are the sign bits of
 * the two operands, t (initially 0) receives the sign of the sum. Per state (c,a,b) → (b,t):
 * 000→00, 001→11, 010→11, 011→01, 100→10, 101→00, 110→00, 111→11. The second rule writes the
 * carry as a marker so that its row (now 111) does not match the third rule; the rows it moves
 * to 111 keep t = 1 under the last rule. The carry is left dirty.
 */
export const SIGNED_TOP_ADD = [
  rule('c0 b1', 't1'),
  rule('c0 a1 b0', 'b1 t1 c1', true),
  rule('c0 a1 b1', 'b0', true),
  rule('c1 a0 b0', 'b1 c0'),
  rule('c1 a0 b1', 'b0'),
  rule('c1 a1 b1', 't1'),
];

/** As `SIGNED_TOP_ADD` with the operand's sign bit the constant 0 (an unsigned operand). The carry ends clean. */
export const SIGNED_TOP_ADD_ZERO = [rule('c0 b1', 't1'), rule('c1 b0', 'b1 c0'), rule('c1 b1', 'b0 c0')];

/**
 * Top bit of a signed subtraction b − a − c that grows the result by one bit. Per state
 * (c,a,b) → (b,t): 000→00, 001→11, 010→10, 011→00, 100→11, 101→01, 110→00, 111→11. Here t
 * serves as the marker: the third rule requires t = 1 (set by the first rule for the rows
 * that started in 011) and the fifth requires t = 0 (rows that started in 100).
 */
export const SIGNED_TOP_SUB = [
  rule('c0 b1', 't1'),
  rule('c0 a1 b0', 'b1', true),
  rule('c0 a1 b1 t1', 'b0 t0', true),
  rule('c1 a0 b1', 'b0 t1'),
  rule('c1 a0 b0 t0', 'b1 t1'),
  rule('c1 a1 b1', 't1'),
];

/** As `SIGNED_TOP_SUB` with the operand's sign bit the constant 0. The borrow ends clean. */
export const SIGNED_TOP_SUB_ZERO = [rule('c1 b1', 'b0 t1 c0'), rule('c1 b0', 'b1 t1 c0'), rule('c0 b1', 't1')];
