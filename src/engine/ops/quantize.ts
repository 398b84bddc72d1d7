/**
 * CPU twins of shaders/quantize.wgsl (REFERENCE.md "Quantization"): ranges → scales and zero points,
 * fake quantization, and the clipped straight-through estimator. All arithmetic is float32, as on the GPU.
 *
 *  b bits, symmetric: z = 0, s = max|x| / qmax, narrow range [−(2^(b−1)−1), 2^(b−1)−1]
 *  b bits, affine:    range widened to include 0, s = (max − min)/(qmax − qmin),
 *                     z = clamp(qmin − round(min/s), qmin, qmax), range [−2^(b−1), 2^(b−1)−1]
 *  s is floored at float32 epsilon; xq = (clamp(round(x/s) + z, qmin, qmax) − z)·s, round half to even.
 *  1 bit (either scheme): xq = sign(x)·s, s = mean|x| (floored at epsilon), sign(0) = 0 so zeros stay 0.
 *  32 bits: the segment is copied unchanged (a float layer in mixed precision; also used for biases).
 * Per tensor: one (s, z) per segment; per channel: one per row of W [out, in].
 */
export type QuantScheme = 'symmetric' | 'affine';

export const FLOAT32_EPS = 1.1920929e-7;
/** STE slack in levels (see steGradient). */
export const STE_SLACK = 1 / 1024;
/** Floats per channel in the scale buffer: scale, zero point, observed min, observed max. */
export const QPARAM_FLOATS = 4;

/** A tensor of the parameter allocation: [rows, cols] at `offset` floats. */
export interface QuantSegment {
  offset: number;
  rows: number;
  cols: number;
  /** 1..8, or 32 = leave float. */
  bits: number;
  scheme: QuantScheme;
  perChannel: boolean;
}

export interface QuantPlan {
  segments: QuantSegment[];
  /** First scale slot of each segment (float segments own none). */
  bases: number[];
  /** Scale slots in all (rows of per-channel segments, one per per-tensor segment). */
  channels: number;
  /** Per segment: offset, size, cols, bits, flags (1 affine, 2 per channel), base, 0, 0. */
  segWords: Uint32Array;
  /** Per scale slot: offset, count, bits, flags. */
  chanWords: Uint32Array;
  /** Largest segment, in floats. */
  maxSize: number;
}

/** Round half to even, as WGSL round() and ONNX QuantizeLinear (Math.round rounds halves up). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

export function qRange(bits: number, scheme: QuantScheme): { qmin: number; qmax: number } {
  if (bits === 1) return { qmin: -1, qmax: 1 };
  const h = 2 ** (bits - 1);
  return scheme === 'symmetric' ? { qmin: -(h - 1), qmax: h - 1 } : { qmin: -h, qmax: h - 1 };
}

export function quantPlan(segments: QuantSegment[]): QuantPlan {
  const bases: number[] = [];
  const seg: number[] = [];
  const chan: number[] = [];
  let channels = 0;
  let maxSize = 0;
  for (const s of segments) {
    if (!(Number.isInteger(s.bits) && ((s.bits >= 1 && s.bits <= 8) || s.bits === 32))) throw new Error(`bit width must be 1..8 or 32 (float), got ${s.bits}`);
    const size = s.rows * s.cols;
    const flags = (s.scheme === 'affine' ? 1 : 0) | (s.perChannel ? 2 : 0);
    bases.push(channels);
    seg.push(s.offset, size, s.cols, s.bits, flags, channels, 0, 0);
    maxSize = Math.max(maxSize, size);
    if (s.bits === 32) continue;
    const n = s.perChannel ? s.rows : 1;
    const count = s.perChannel ? s.cols : size;
    for (let r = 0; r < n; r++) chan.push(s.offset + r * count, count, s.bits, flags);
    channels += n;
  }
  return { segments, bases, channels, segWords: Uint32Array.from(seg), chanWords: Uint32Array.from(chan), maxSize };
}

/**
 * Segments for a whole parameter allocation: each layer's W with its bit width, each bias as float (32),
 * so the fake-quantized copy is a complete allocation that QAT binds in place of the float parameters.
 */
export function quantSegmentsForLayout(
  layout: { layers: Array<{ W: { offset: number; shape: number[] }; b: { offset: number; size: number } }> },
  bits: number[],
  scheme: QuantScheme,
  perChannel: boolean,
): QuantSegment[] {
  return layout.layers.flatMap(({ W, b }, l) => [
    { offset: W.offset, rows: W.shape[0], cols: W.shape[1], bits: bits[l], scheme, perChannel },
    { offset: b.offset, rows: 1, cols: b.size, bits: 32, scheme, perChannel: false },
  ]);
}

/** (s, z, min, max) of one channel from its values. */
export function channelParams(x: Float32Array, offset: number, count: number, bits: number, scheme: QuantScheme): [number, number, number, number] {
  const f = Math.fround;
  let mn = Infinity, mx = -Infinity, sumAbs = 0;
  for (let i = offset; i < offset + count; i++) {
    mn = Math.min(mn, x[i]);
    mx = Math.max(mx, x[i]);
    sumAbs += Math.abs(x[i]);
  }
  if (count === 0) mn = mx = 0;
  if (bits === 1) return [Math.max(f(f(sumAbs) / count), FLOAT32_EPS), 0, mn, mx];
  const { qmin, qmax } = qRange(bits, scheme);
  if (scheme === 'symmetric') return [Math.max(f(Math.max(-mn, mx) / qmax), FLOAT32_EPS), 0, mn, mx];
  const lo = Math.min(mn, 0), hi = Math.max(mx, 0);
  const s = Math.max(f(f(hi - lo) / (qmax - qmin)), FLOAT32_EPS);
  const z = Math.min(qmax, Math.max(qmin, qmin - roundHalfEven(f(lo / s))));
  return [s, z, mn, mx];
}

/** The scale buffer: QPARAM_FLOATS per scale slot, in plan order. */
export function computeQParams(x: Float32Array, plan: QuantPlan): Float32Array {
  const q = new Float32Array(Math.max(1, plan.channels) * QPARAM_FLOATS);
  for (let c = 0; c < plan.channels; c++) {
    const [offset, count, bits, flags] = plan.chanWords.subarray(c * 4, c * 4 + 4);
    q.set(channelParams(x, offset, count, bits, flags & 1 ? 'affine' : 'symmetric'), c * QPARAM_FLOATS);
  }
  return q;
}

function forEachEntry(plan: QuantPlan, qp: Float32Array, visit: (i: number, s: QuantSegment, scale: number, zero: number) => void): void {
  plan.segments.forEach((s, k) => {
    for (let j = 0; j < s.rows * s.cols; j++) {
      const slot = plan.bases[k] + (s.perChannel ? Math.floor(j / s.cols) : 0);
      visit(s.offset + j, s, qp[slot * QPARAM_FLOATS], qp[slot * QPARAM_FLOATS + 1]);
    }
  });
}

/** Fake-quantized copy: the plan's segments written, every other entry 0 (as a fresh GPU buffer). */
export function fakeQuantize(x: Float32Array, plan: QuantPlan, qparams = computeQParams(x, plan)): Float32Array {
  const f = Math.fround;
  const out = new Float32Array(x.length);
  forEachEntry(plan, qparams, (i, s, scale, z) => {
    if (s.bits === 32) out[i] = x[i];
    else if (s.bits === 1) out[i] = Math.sign(x[i]) * scale;
    else {
      const { qmin, qmax } = qRange(s.bits, s.scheme);
      const q = Math.min(qmax, Math.max(qmin, roundHalfEven(f(x[i] / scale)) + z));
      out[i] = f((q - z) * scale);
    }
  });
  return out;
}

/**
 * Clipped STE: the gradient passes where qmin ≤ x/s + z ≤ qmax and is +0 elsewhere; 1-bit and float
 * segments pass everything. The bounds are widened by STE_SLACK (2^-10 of a level): in exact arithmetic
 * the observed extremes land exactly on qmin/qmax, but float32 rounding of x/s puts them a few ulp outside
 * in about one 8-bit channel in eight, which would freeze the largest weight of that channel.
 */
export function steGradient(x: Float32Array, grad: Float32Array, plan: QuantPlan, qparams = computeQParams(x, plan)): Float32Array {
  const f = Math.fround;
  const out = grad.slice();
  forEachEntry(plan, qparams, (i, s, scale, z) => {
    if (s.bits === 32 || s.bits === 1) return;
    const { qmin, qmax } = qRange(s.bits, s.scheme);
    const v = f(f(x[i] / scale) + z);
    if (!(v >= qmin - STE_SLACK && v <= qmax + STE_SLACK)) out[i] = 0;
  });
  return out;
}
