/**
 * Fast CPU versions of ops/quantize.ts's fakeQuantize and steGradient for the CPU backend's QAT step
 * (LeNet-300-100's 266k weights every step): the same float32 expressions, entry for entry, so results
 * are bit-identical to the reference twins; the loops run per scale slot instead of through a callback
 * per entry. `fakeQuantizeInto` leaves entries outside the plan's segments as they are in `out`.
 */
import { QPARAM_FLOATS, STE_SLACK, qRange, type QuantPlan, type QuantSegment } from './quantize';

/**
 * roundHalfEven without data-dependent branches in the common case: floor(x + 0.5), one down when x was
 * exactly halfway and that landed on an odd integer (x + 0.5 is exact for |x| < 2^52). Equal to
 * roundHalfEven except that it gives +0 for −0, which is the same once the zero point is added.
 */
export function roundHalfEvenFast(x: number): number {
  const r = Math.floor(x + 0.5);
  return r - x === 0.5 && r - 2 * Math.floor(r / 2) !== 0 ? r - 1 : r;
}

/** Calls visit(slot, from, to) for every scale slot's range [from, to) of the allocation. */
function forEachChannel(plan: QuantPlan, visit: (s: QuantSegment, slot: number, from: number, to: number) => void): void {
  plan.segments.forEach((s, k) => {
    const size = s.rows * s.cols;
    if (s.bits === 32) {
      visit(s, -1, s.offset, s.offset + size);
      return;
    }
    const channels = s.perChannel ? s.rows : 1;
    const count = s.perChannel ? s.cols : size;
    for (let c = 0; c < channels; c++) visit(s, plan.bases[k] + c, s.offset + c * count, s.offset + (c + 1) * count);
  });
}

/** out[i] = fakeQuantize(x, plan, qparams)[i] for every entry of the plan's segments; other entries untouched. */
export function fakeQuantizeInto(x: Float32Array, plan: QuantPlan, qparams: Float32Array, out: Float32Array): Float32Array {
  const f = Math.fround;
  forEachChannel(plan, (s, slot, from, to) => {
    if (slot < 0) {
      out.set(x.subarray(from, to), from);
      return;
    }
    const scale = qparams[slot * QPARAM_FLOATS], z = qparams[slot * QPARAM_FLOATS + 1];
    if (s.bits === 1) {
      for (let i = from; i < to; i++) out[i] = Math.sign(x[i]) * scale;
      return;
    }
    const { qmin, qmax } = qRange(s.bits, s.scheme);
    for (let i = from; i < to; i++) {
      const q = Math.min(qmax, Math.max(qmin, roundHalfEvenFast(f(x[i] / scale)) + z));
      out[i] = f((q - z) * scale);
    }
  });
  return out;
}

/** steGradient(x, grad, plan, qparams), bit for bit: a copy of grad with +0 where the clipped STE blocks. */
export function fastSteGradient(x: Float32Array, grad: Float32Array, plan: QuantPlan, qparams: Float32Array): Float32Array {
  const f = Math.fround;
  const out = grad.slice();
  forEachChannel(plan, (s, slot, from, to) => {
    if (slot < 0 || s.bits === 1) return;
    const scale = qparams[slot * QPARAM_FLOATS], z = qparams[slot * QPARAM_FLOATS + 1];
    const { qmin, qmax } = qRange(s.bits, s.scheme);
    const lo = qmin - STE_SLACK, hi = qmax + STE_SLACK;
    for (let i = from; i < to; i++) {
      const v = f(f(x[i] / scale) + z);
      if (!(v >= lo && v <= hi)) out[i] = 0;
    }
  });
  return out;
}
