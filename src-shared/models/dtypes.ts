/**
 * The ONNX graph variants a model folder can hold, as transformers.js names them: dtype ->
 * file-name suffix (its DEFAULT_DTYPE_SUFFIX_MAPPING). Declared here so the engine, which finds
 * the files, and the Models view, which offers the choice, use one list.
 */
export const DTYPE_SUFFIX: Readonly<Record<string, string>> = Object.freeze({
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
  q2: '_q2',
  q2f16: '_q2f16',
  q1: '_q1',
  q1f16: '_q1f16',
});

/** The dtype names, in transformers.js's order. */
export const DTYPE_NAMES: readonly string[] = Object.freeze(Object.keys(DTYPE_SUFFIX));
