/**
 * Transcendental functions the kernels need, written as SIMD instruction sequences (wasm has no exp):
 * exp by range reduction x = n·ln2 + r, |r| ≤ ln2/2, Cephes' expf polynomial for e^r and 2ⁿ built in
 * the exponent bits; tanh and sigmoid from it. Accurate to a few float32 ulps (the parity tests' tolerance),
 * inputs clamped to the finite range of float32's exp.
 */
import type { Fn, Local } from './emit';

const LOG2E = 1.4426950408889634;
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440e-4;
/** Cephes expf: e^r ≈ 1 + r + r²·P(r). */
const P = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
const X_MAX = 88.3762626647949;
const X_MIN = -87.33654475;

const splat = (f: Fn, v: number) => f.f32(v).simd('f32x4.splat');

/** Pushes e^x (f32x4) for the f32x4 in local `x`; `tmp` holds 3 scratch v128 locals. */
export function emitExp4(f: Fn, x: Local, tmp: [Local, Local, Local]): void {
  const [xc, n, r] = tmp;
  f.get(x);
  splat(f, X_MAX).simd('f32x4.min');
  splat(f, X_MIN).simd('f32x4.max').set(xc);
  f.get(xc);
  splat(f, LOG2E).simd('f32x4.mul').simd('f32x4.nearest').set(n);
  // r = x − n·ln2_hi − n·ln2_lo
  f.get(xc).get(n);
  splat(f, LN2_HI).simd('f32x4.mul').simd('f32x4.sub').get(n);
  splat(f, LN2_LO).simd('f32x4.mul').simd('f32x4.sub').set(r);
  // P(r) by Horner
  splat(f, P[0]);
  for (const c of P.slice(1)) {
    f.get(r).simd('f32x4.mul');
    splat(f, c).simd('f32x4.add');
  }
  // 1 + r + r²·P(r)
  f.get(r).get(r).simd('f32x4.mul').simd('f32x4.mul').get(r).simd('f32x4.add');
  splat(f, 1).simd('f32x4.add');
  // × 2ⁿ: (n + 127) << 23 as float bits
  f.get(n).simd('i32x4.trunc_sat_f32x4_s').i32(127).simd('i32x4.splat').simd('i32x4.add').i32(23).simd('i32x4.shl');
  f.simd('f32x4.mul');
}

/** Pushes act(z) for the f32x4 in local `z` (ACT_CODE order: relu, tanh, sigmoid, linear). */
export function emitActivation4(f: Fn, act: number, z: Local, tmp: [Local, Local, Local, Local]): void {
  const [e, ...rest] = tmp;
  if (act === 0) {
    f.get(z);
    splat(f, 0).simd('f32x4.max');
  } else if (act === 3) {
    f.get(z);
  } else if (act === 1) {
    // tanh z = 1 − 2/(e^{2z} + 1)
    f.get(z).get(z).simd('f32x4.add').set(e);
    splat(f, 1);
    splat(f, 2);
    emitExp4(f, e, rest as [Local, Local, Local]);
    splat(f, 1).simd('f32x4.add').simd('f32x4.div').simd('f32x4.sub');
  } else {
    // sigmoid z = 1/(1 + e^{−z})
    f.get(z).simd('f32x4.neg').set(e);
    splat(f, 1);
    emitExp4(f, e, rest as [Local, Local, Local]);
    splat(f, 1).simd('f32x4.add').simd('f32x4.div');
  }
}
