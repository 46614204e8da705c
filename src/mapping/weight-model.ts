/**
 * The distribution of quantized weight values that the analytic model assumes when it prices an
 * output-broadcast layer without knowing the weights. Only the constant's nonzero digits cost
 * passes, so the expected cost depends on this distribution.
 */

/**
 * - `gaussian`: values round(N(0, σ²)) clipped to the symmetric range [−qmax, qmax] with
 *   qmax = 2^(b−1) − 1 and σ = `sigmaFraction` · qmax. Trained CNN weights are bell-shaped and a
 *   per-channel scale maps the largest magnitude to qmax, so most codes are small.
 * - `uniform`: every code in [−qmax, qmax] equally likely; an upper bound on the digit count.
 */
export type WeightModel = { kind: 'gaussian'; sigmaFraction: number } | { kind: 'uniform' };

/**
 * Default weight model: Gaussian with σ = qmax / 3.
 * NOTE: an estimate. With per-channel max scaling the largest of a few hundred to thousands of
 * Gaussian samples sits near 3–4 σ; replace it with a histogram of real quantized weights when
 * one is available (the exact path through `weights` in the mapping options needs no model).
 */
export const DEFAULT_WEIGHT_MODEL: WeightModel = { kind: 'gaussian', sigmaFraction: 1 / 3 };

/** A weight code and its probability. */
export interface WeightPoint {
  value: number;
  probability: number;
}

/** Codes enumerated exactly up to this many (8-bit weights have 255). */
const MAX_EXACT_POINTS = 1024;
/** Equally likely quantile points that represent wider weights. */
const QUANTILE_POINTS = 256;

const cache = new Map<string, WeightPoint[]>();

/**
 * Returns the distribution of `bits`-bit weight codes under the model, as points whose
 * probabilities sum to 1. Up to 10 bits every code is listed with its exact probability; wider
 * codes are represented by 1024 equally likely quantile points (a deterministic sample).
 */
export function weightDistribution(bits: number, model: WeightModel): WeightPoint[] {
  const key = `${bits}|${JSON.stringify(model)}`;
  const cached = cache.get(key);
  if (cached) return cached;

  const qmax = 2 ** (bits - 1) - 1;
  const cdf = (x: number): number => (model.kind === 'uniform' ? uniformCdf(x, qmax) : gaussianCdf(x, model.sigmaFraction * Math.max(qmax, 1)));
  const codeProbability = (code: number): number => {
    const below = code <= -qmax ? 0 : cdf(code - 0.5);
    const above = code >= qmax ? 1 : cdf(code + 0.5);
    return above - below;
  };

  let points: WeightPoint[];
  if (2 * qmax + 1 <= MAX_EXACT_POINTS) {
    points = [];
    for (let code = -qmax; code <= qmax; code++) {
      const probability = codeProbability(code);
      if (probability > 0) points.push({ value: code, probability });
    }
  } else {
    points = quantilePoints(qmax, cdf);
  }

  const total = points.reduce((sum, point) => sum + point.probability, 0);
  const normalized = points.map((point) => ({ value: point.value, probability: point.probability / total }));
  cache.set(key, normalized);
  return normalized;
}

/** Equally likely codes at the quantiles (i + 0.5) / QUANTILE_POINTS of the clipped distribution. */
function quantilePoints(qmax: number, cdf: (x: number) => number): WeightPoint[] {
  const points: WeightPoint[] = [];
  let code = -qmax;
  for (let i = 0; i < QUANTILE_POINTS; i++) {
    const target = (i + 0.5) / QUANTILE_POINTS;
    while (code < qmax && cdf(code + 0.5) < target) code++;
    points.push({ value: code, probability: 1 / QUANTILE_POINTS });
  }
  return points;
}

function uniformCdf(x: number, qmax: number): number {
  const low = -qmax - 0.5;
  const high = qmax + 0.5;
  return Math.min(1, Math.max(0, (x - low) / (high - low)));
}

function gaussianCdf(x: number, sigma: number): number {
  return 0.5 * (1 + erf(x / (sigma * Math.SQRT2)));
}

/** Error function, Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const polynomial = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
  return sign * (1 - polynomial * Math.exp(-x * x));
}
