/**
 * The AP engine: the bit-plane array, the microcode builders, pass counting and the operation
 * registry.
 */
export { ApArray, emptyCounters, type ApCounters } from './array.js';
export {
  ColumnAllocator,
  fieldColumns,
  makeField,
  operandBit,
  shiftRight,
  sliceField,
  ZERO_BIT,
  type Field,
} from './field.js';
export { CycleProbe, ProgramBuilder, type Bit, type Instruction, type InstructionCounts, type MicrocodeSink, type Program } from './instructions.js';
export type { Guard } from './rules.js';
export { emitAbs, emitAdd, emitAddOut, emitNegate, type AddOptions, type AddOutOptions } from './ops/arith.js';
export { emitClear, emitCopy, emitRelu, emitSet, type CopyOptions } from './ops/basic.js';
export { COMPARE_PREDICATES, emitCompare, emitMinMax, type ComparePredicate, type CompareOptions, type MinMaxOptions } from './ops/compare.js';
export {
  constantProductBits,
  emitMultiply,
  emitMultiplyAccumulate,
  emitMultiplyConstant,
  emitMultiplyConstantAccumulate,
  type MultiplyAccumulateOptions,
  type MultiplyConstantAccumulateOptions,
  type MultiplyConstantOptions,
  type MultiplyOptions,
} from './ops/multiply.js';
export { emitReduce1d, emitReduce2d, reductionLevels, type Reduce1dOptions, type Reduce2dOptions } from './ops/reduce.js';
export { emitClamp, emitRequantize, outputRange, requantProductBits, type ClampOptions, type RequantizeOptions } from './ops/requant.js';
export { countOp, countProgram, CountingSink, emptyCount, type OpCount } from './count.js';
export { AP_OPERATIONS, buildOp, specForWidths, type ApOperationInfo, type BuiltOp, type OperationWidths } from './registry.js';
export { isOpName, validateSpec, type OpName, type OpSpec, type SpecFieldLimits } from './spec.js';
export { runRowByRow } from './reference.js';
