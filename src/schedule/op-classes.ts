import type { LayerKind } from '../network/types.js';

/**
 * Operator classes of cost breakdowns and profile CSVs, named as the NonGEMM Bench taxonomy
 * names them (Karami, Kao and Kwon, "NonGEMM Bench", ISPASS 2025). The names come from the class
 * lists of github.com/UCI-ISA-Lab/NonGEMM-Bench-ISPASS25: `onnx_flow/generate_csv.py` (gemm,
 * activation, normalization, logit_computation, arithmetic, memory, roi, pooling and comm for
 * MemcpyToHost/MemcpyFromHost) and the PyTorch flow's `non_gemm_ops_dict` (attention,
 * interpolation, embedding, qdq and other). That dictionary misspells normalization as
 * `nomralization`; the correct spelling is used here. The AP cost model reports six of the
 * classes: gemm, activation, pooling, arithmetic, qdq and memory.
 */
export const PROFILE_OP_CLASSES = [
  'gemm',
  'attention',
  'activation',
  'logit_computation',
  'normalization',
  'arithmetic',
  'pooling',
  'interpolation',
  'embedding',
  'memory',
  'roi',
  'qdq',
  'comm',
  'other',
] as const;

export type ProfileOpClass = (typeof PROFILE_OP_CLASSES)[number];

export function isProfileOpClass(value: string): value is ProfileOpClass {
  return (PROFILE_OP_CLASSES as readonly string[]).includes(value);
}

/** Returns the class of a whole layer of a bitfluid network, for per-layer profile rows. */
export function layerOpClass(kind: LayerKind): ProfileOpClass {
  switch (kind) {
    case 'conv':
    case 'fc':
      return 'gemm';
    case 'relu':
    case 'clip':
      return 'activation';
    case 'maxpool':
    case 'avgpool':
    case 'adaptiveavgpool':
    case 'globalavgpool':
      return 'pooling';
    case 'batchnorm':
      return 'normalization';
    case 'add':
      return 'arithmetic';
    case 'concat':
    case 'flatten':
      return 'memory';
  }
}
