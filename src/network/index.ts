/** Public face of the network module: the layer-graph IR, its file format and the ONNX importer. */
export type * from './types.js';
export { LAYER_KINDS, NETWORK_FORMAT, NETWORK_FORMAT_VERSION, NETWORK_INPUT } from './format.js';
export { parseNetwork } from './parse.js';
export { resolveNetwork } from './resolve.js';
export { formatNetworkFile } from './serialize.js';
export { inferOutputShape, slidingWindowOutputSize, formatShape, type LayerInput } from './shapes.js';
export { loadNetworkFile, listBundledNetworks, loadBundledNetwork, writeNetworkFile } from './load.js';
export { importOnnx, type OnnxImportOptions } from './onnx/import.js';
export { SUPPORTED_OPS as SUPPORTED_ONNX_OPS } from './onnx/convert.js';
