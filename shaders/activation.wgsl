// The activations and their derivatives, four values at a time: prepended to every matmul that fuses them
// (kernels/matmul.ts for shaders/matmul.wgsl, kernels/population.ts for shaders/population_matmul.wgsl).
// Codes: 0 relu, 1 tanh, 2 sigmoid, 3 linear (engine/ops/activation.ts ACT_CODE, the CPU twins).

fn activate(z: vec4<f32>, code: u32) -> vec4<f32> {
  switch code {
    case 0u: { return max(z, vec4(0.0)); }
    case 1u: { return tanh(clamp(z, vec4(-15.0), vec4(15.0))); }
    case 2u: { return 1.0 / (1.0 + exp(-z)); }
    default: { return z; }
  }
}

// f'(z) written through a = f(z).
fn activationGrad(a: vec4<f32>, code: u32) -> vec4<f32> {
  switch code {
    case 0u: { return select(vec4(0.0), vec4(1.0), a > vec4(0.0)); }
    case 1u: { return 1.0 - a * a; }
    case 2u: { return a * (1.0 - a); }
    default: { return vec4(1.0); }
  }
}
