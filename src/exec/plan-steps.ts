/**
 * Lookup of the steps of an item group by what they execute.
 */
import type { ItemGroup, PlanStep, StepAction } from '../mapping/types.js';

/** Returns the index of the group's step with `action`, or −1. */
export function stepIndex(group: ItemGroup, action: StepAction): number {
  return group.steps.findIndex((step) => step.action === action);
}

/** Returns the index of the group's step with `action`; throws when the plan has none. */
export function requireStep(group: ItemGroup, action: StepAction, layer: string): number {
  const index = stepIndex(group, action);
  if (index < 0) throw new Error(`${layer}: the work plan has no '${action}' step`);
  return index;
}

/** Throws for a step the executor of this plan kind does not run. */
export function unsupportedStep(step: PlanStep, layer: string, kind: string): never {
  throw new Error(`${layer}: the ${kind} executor has no action for plan step '${step.label}' (${step.action ?? 'no action'})`);
}
