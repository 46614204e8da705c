/**
 * Validation of the layer names given to `verify --layers`.
 */
import type { PrecisionPlan } from '../../mapping/precision-plan.js';
import type { ResolvedNetwork } from '../../network/types.js';
import { closestNames } from '../../quant/suggest.js';
import { InputError } from '../../util/errors.js';

/**
 * Returns the set of named layers after checking that each one exists and does work of its own.
 * A folded batch norm, a fused ReLU or a flatten runs nothing, so naming one is an error that
 * names the layer that does its work.
 */
export function selectLayers(network: ResolvedNetwork, precision: PrecisionPlan, names: readonly string[]): Set<string> {
  if (names.length === 0) throw new InputError({ field: '--layers', expected: 'Name at least one layer, or leave --layers out to run the whole network.' });
  const selected = new Set<string>();
  for (const name of names) {
    const layer = network.byName.get(name);
    if (layer === undefined) {
      const close = closestNames(name, network.byName.keys());
      const hint = close.length > 0 ? `Did you mean ${close.join(', ')}?` : '`bitfluid run --network ' + network.id + ' --all-layers` lists every layer name.';
      throw new InputError({ field: '--layers', value: name, expected: `No layer of ${network.id} has this name. ${hint}` });
    }
    const plan = precision.layers.get(name)!;
    if (plan.fusedIntoProducer) {
      let owner = layer.kind === 'batchnorm' ? (layer.foldedInto ?? layer.inputs[0]) : layer.inputs[0];
      const producer = network.byName.get(owner);
      if (producer?.kind === 'batchnorm' && producer.foldedInto !== undefined) owner = producer.foldedInto;
      throw new InputError({ field: '--layers', value: name, expected: `This ${layer.kind} runs inside ${owner} and has no work of its own; verify ${owner} instead.` });
    }
    if (plan.free || layer.kind === 'batchnorm') {
      throw new InputError({ field: '--layers', value: name, expected: `This ${layer.kind} moves and computes nothing on the CAPs; name a layer that does work.` });
    }
    selected.add(name);
  }
  return selected;
}
