/**
 * Returns the default signedness of activations at a given width, for the `uniform` and `pin`
 * shorthands. HAWQ-V3 quantizes 4-bit activations unsigned (its "asymmetric" mode with the zero
 * point fixed at 0) and 8- and 16-bit activations signed. bitfluid extends this to every width,
 * so activations below 8 bits are unsigned and those of 8 bits and wider signed.
 */
export function defaultActSigned(bits: number): boolean {
  return bits >= 8;
}

/**
 * Returns the signedness HAWQ-V3's `quant_train.py` gives an activation quantizer: only a value
 * of exactly 4 switches it to the unsigned ("asymmetric") mode.
 */
export function hawqActSigned(bits: number): boolean {
  return bits !== 4;
}
