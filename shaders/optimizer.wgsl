// One optimizer step over a parameter range (REFERENCE.md "Optimizers", PyTorch conventions):
//   θ: [n] params, g: [n] grads, state0/state1: [n] optimizer state, mask: [n] (1 keep, 0 pruned).
//   OPT 0 sgd       θ −= lr·g
//   OPT 1 momentum  state0 = b: b₁ = g₁, b = μ·b + (1−τ)·g; d = g + μ·b (NESTEROV) or b; θ −= lr·d
//   OPT 2 rmsprop   state0 = v: v = α·v + (1−α)·g²; θ −= lr·g/(√v + ε)          (α in beta2)
//                   state1 = ḡ (CENTERED): ḡ = α·ḡ + (1−α)·g; θ −= lr·g/(√(v − ḡ²) + ε)
//   OPT 3 adagrad   state0 = s: s += g²; θ −= lr·g/(√s + ε)
//   OPT 4 adam      state0 = m, state1 = v: m = β₁·m + (1−β₁)·g; v = β₂·v + (1−β₂)·g²;
//                   θ −= lr·(m/bc1)/(√(v/bc2) + ε), bc1 = 1−β₁ᵗ, bc2 = 1−β₂ᵗ
//   OPT 5 adamw     θ −= lr·wd·θ (decoupled), then the adam step
// Coupled regularization first, at the θ the gradient was taken at: REG 1 g += λ·sign(θ), REG 2 g += λ·θ.
// HAS_MASK: where mask[i] = 0, θ, the state and the gradient are set to exactly 0 (the gradient is not
// applied, and g[i] is left as the applied gradient, 0, for the gradient statistics read after the step:
// the masking needs no dispatch of its own). Unused state/mask bindings are bound to placeholders and
// never touched.
// CPU twin: engine/optimizers.ts (optimizerStep); uniform layout: optimizerUniforms there.

override WG: u32 = 256u;
override OPT: u32 = 0u;
override REG: u32 = 0u;
override NESTEROV: bool = false;
override CENTERED: bool = false;
override HAS_MASK: bool = false;

// struct Hyper: shaders/optimizer_hyper.wgsl, prepended by kernels/optimizer.ts.

@group(0) @binding(0) var<uniform> h: Hyper;
@group(0) @binding(1) var<storage, read_write> grads: array<f32>;
@group(0) @binding(2) var<storage, read_write> params: array<f32>;
@group(0) @binding(3) var<storage, read_write> state0: array<f32>;
@group(0) @binding(4) var<storage, read_write> state1: array<f32>;
@group(0) @binding(5) var<storage, read> mask: array<f32>;

fn slots() -> u32 {
  if (OPT == 0u) { return 0u; }
  if (OPT == 4u || OPT == 5u || (OPT == 2u && CENTERED)) { return 2u; }
  return 1u;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= h.n) { return; }

  if (HAS_MASK) {
    if (mask[i] == 0.0) {
      grads[i] = 0.0;
      params[i] = 0.0;
      if (slots() >= 1u) { state0[i] = 0.0; }
      if (slots() >= 2u) { state1[i] = 0.0; }
      return;
    }
  }

  var theta = params[i];
  var g = grads[i];
  if (REG == 1u) {
    g = g + h.regRate * sign(theta);
  } else if (REG == 2u) {
    g = g + h.regRate * theta;
  }

  switch OPT {
    case 0u: {
      theta = theta - h.lr * g;
    }
    case 1u: {
      var b = g;
      if (h.firstStep == 0u) {
        b = h.momentum * state0[i] + h.oneMinusDampening * g;
      }
      state0[i] = b;
      var d = b;
      if (NESTEROV) {
        d = g + h.momentum * b;
      }
      theta = theta - h.lr * d;
    }
    case 2u: {
      let v = h.beta2 * state0[i] + h.oneMinusBeta2 * (g * g);
      state0[i] = v;
      var sq = v;
      if (CENTERED) {
        let gb = h.beta2 * state1[i] + h.oneMinusBeta2 * g;
        state1[i] = gb;
        // v ≥ ḡ² in exact arithmetic; the clamp only guards float rounding
        sq = max(v - gb * gb, 0.0);
      }
      theta = theta - h.lr * g / (sqrt(sq) + h.eps);
    }
    case 3u: {
      let s = state0[i] + g * g;
      state0[i] = s;
      theta = theta - h.lr * g / (sqrt(s) + h.eps);
    }
    default: {
      if (OPT == 5u) {
        theta = theta - (h.lr * h.weightDecay) * theta;
      }
      let m = h.beta1 * state0[i] + h.oneMinusBeta1 * g;
      let v = h.beta2 * state1[i] + h.oneMinusBeta2 * (g * g);
      state0[i] = m;
      state1[i] = v;
      let mhat = m / h.bc1;
      let vhat = v / h.bc2;
      theta = theta - h.lr * mhat / (sqrt(vhat) + h.eps);
    }
  }
  params[i] = theta;
}
