/** Per-layer precision configs: file format, loader, resolution, metrics and the HAWQ-V3 importer. */
export type {
  LayerPrecision,
  PrecisionConfig,
  PrecisionConfigMeta,
  PrecisionLayerKind,
  ResolvedLayerPrecision,
} from './types.js';
export { loadPrecisionConfig, parsePrecisionConfig } from './parse.js';
export { resolvePrecision } from './resolve.js';
export { computePrecisionMetrics, type PrecisionMetrics } from './metrics.js';
export { formatPrecisionConfig } from './format.js';
export { listBundledConfigs, loadBundledConfig, type BundledConfigEntry } from './bundled.js';
export {
  classifyHawqKey,
  importHawqBitConfig,
  type HawqBitValue,
  type HawqImport,
  type HawqImportOptions,
  type HawqKeyMap,
} from './hawq.js';
export { readHawqKeyMapFile, type HawqKeyMapFile } from './hawq-file.js';
export { defaultActSigned, hawqActSigned } from './signedness.js';
export { firstConvLayer, classifierLayer, precisionLayers, weightElements } from './layers.js';
