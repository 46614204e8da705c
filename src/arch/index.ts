/** Architecture and technology descriptions: schemas, loaders, unit parsing, voltage scaling, overrides. */
export type {
  ApArrayGeometry,
  Architecture,
  Link,
  ArchOverrideValue,
  ArchOverrides,
  ScaledTechnology,
  Technology,
  TechnologyEnergy,
  TechnologyLeakage,
  TechnologyTime,
  VoltageLaws,
} from './types.js';
export type { ProvenanceEntry, ProvenanceMap } from './provenance.js';
export { SCALING_RULES, type ScalingRule } from './entry.js';
export { parseQuantity, QUANTITY_DIMENSIONS, type QuantityDimension, type QuantityResult } from './quantity.js';
export { parseArchitecture } from './architecture.js';
export { parseTechnology } from './technology.js';
export {
  listBundledArchitectures,
  listBundledTechnologies,
  loadArchitecture,
  loadBundledArchitecture,
  loadBundledTechnology,
  loadTechnology,
} from './load.js';
export { clockAtVoltageHz, scaleTechnology, voltageFactors } from './voltage.js';
export { applyOverrides } from './overrides.js';
