/**
 * The normal distribution truncated to [a, b], in log space, for TPE's Parzen estimators: the port of
 * Optuna's samplers/_tpe/_truncnorm.py (itself after SciPy's truncnorm) that the estimators need —
 * log Φ, the log of a Gaussian's mass on an interval, the log density, and sampling by inverting the CDF.
 *
 * JavaScript has no erf, so erfc is computed here: the all-positive series
 * erf(x) = 2/√π · e^(−x²) · Σ (2x²)ⁿ x / (1·3·…·(2n+1)) below 3, and above it Laplace's continued
 * fraction erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))), kept in log form so that
 * log Φ(a) stays finite far into the tail (a = −1000 gives ≈ −500 000 rather than −∞).
 */

const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** erf(x) for 0 ≤ x < 3 by the all-positive series (no cancellation). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}

/** log of the continued fraction K(x) with erfc(x) = e^(−x²)/√π · K(x), for x ≥ 3 (modified Lentz). */
function logErfcFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + an / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return -Math.log(f);
}

/** log erfc(x) for x ≥ 0. */
function logErfcPositive(x: number): number {
  if (x < 3) return Math.log1p(-erfSeries(x));
  return -x * x - LOG_SQRT_PI + logErfcFraction(x);
}

/** erf(x) for any x. */
export function erf(x: number): number {
  if (x < 0) return -erf(-x);
  return x < 3 ? erfSeries(x) : 1 - Math.exp(logErfcPositive(x));
}

/** log Φ(a), Φ the standard normal CDF; accurate in both tails. */
export function logNdtr(a: number): number {
  if (a === Infinity) return 0;
  if (a === -Infinity) return -Infinity;
  const z = Math.abs(a) / Math.SQRT2;
  const logTail = Math.log(0.5) + logErfcPositive(z); // log Φ(−|a|)
  return a < 0 ? logTail : Math.log1p(-Math.exp(logTail));
}

/** Φ(a). */
export const ndtr = (a: number): number => Math.exp(logNdtr(a));

/** log(e^p − e^q) for p ≥ q. */
const logDiff = (p: number, q: number): number => p + Math.log1p(-Math.exp(q - p));

/** log(e^p + e^q). */
export function logAddExp(p: number, q: number): number {
  if (p === -Infinity) return q;
  if (q === -Infinity) return p;
  const m = Math.max(p, q);
  return m + Math.log(Math.exp(p - m) + Math.exp(q - m));
}

/** log of the standard normal's mass on [a, b] (Optuna's _log_gauss_mass; works in the left tail). */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  return Math.log1p(-ndtr(a) - ndtr(-b));
}

/** log density at x of N(loc, scale²) truncated to [loc + a·scale, loc + b·scale]; −∞ outside. */
export function truncnormLogPdf(x: number, a: number, b: number, loc: number, scale: number): number {
  const z = (x - loc) / scale;
  if (z < a || z > b) return -Infinity;
  return -0.5 * z * z - LOG_SQRT_2PI - logGaussMass(a, b) - Math.log(scale);
}

/** The x with log Φ(x) = y, by bisection on [−100, 100] (Optuna's _ndtri_exp). */
function ndtriExp(y: number): number {
  let lo = -100, hi = 100, m = 0;
  for (let i = 0; i < 100; i++) {
    m = (lo + hi) / 2;
    if (logNdtr(m) < y) lo = m;
    else hi = m;
  }
  return m;
}

/** The q-quantile of the standard normal truncated to [a, b] (Optuna's ppf). */
export function truncnormPpf(q: number, a: number, b: number): number {
  if (q <= 0) return a;
  if (q >= 1) return b;
  if (a < 0) return ndtriExp(logAddExp(logNdtr(a), Math.log(q) + logGaussMass(a, b)));
  return -ndtriExp(logAddExp(logNdtr(-b), Math.log1p(-q) + logGaussMass(a, b)));
}

/** A draw of N(loc, scale²) truncated to [loc + a·scale, loc + b·scale], from a uniform u in [0, 1). */
export function truncnormSample(u: number, a: number, b: number, loc: number, scale: number): number {
  const z = Math.min(b, Math.max(a, truncnormPpf(u, a, b)));
  return loc + z * scale;
}
