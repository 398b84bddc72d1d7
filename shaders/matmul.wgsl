// Tiled matrix multiply with a fused epilogue; one kernel serves the forward pass and the backward pass.
//
//   C[M,N] = gate( act( op(A)[M,K] · op(B)[K,N] + bias[N] ) )
//
// A is stored [M,K] row-major, or [K,M] when TRANS_A.  B is stored [K,N], or [N,K] when TRANS_B.
// Forward  Y  = act(X · Wᵀ + b):  A = X [M,K], B = W [N,K] (TRANS_B), HAS_BIAS, ACT = layer activation.
// Backward dX = (dZ · W) ⊙ f'(A_prev):  A = dZ [M,N], B = W [N,K], GATE_ACT = previous layer's activation,
//          aux = A_prev [M,K] (the previous layer's output, from which f' is computed).
// Backward dW = dZᵀ · X:  A = dZ stored [M,N] (TRANS_A), B = X [M,K].
// CPU twins: engine/ops/matmul.ts (linearForward, matmul) and engine/ops/activation.ts.

override TILE: u32 = 16;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override HAS_BIAS: bool = false;
// Activation codes: 0 relu, 1 tanh, 2 sigmoid, 3 linear (engine/ops/activation.ts ACT_CODE).
override ACT: u32 = 3u;
// Multiply by f'(aux) for this activation code; 4 = no gating.
override GATE_ACT: u32 = 4u;

struct Dims { M: u32, K: u32, N: u32, pad: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read> aux: array<f32>;
@group(0) @binding(5) var<storage, read_write> C: array<f32>;

var<workgroup> tileA: array<f32, TILE * TILE>;
var<workgroup> tileB: array<f32, TILE * TILE>;

fn activate(z: f32, code: u32) -> f32 {
  switch code {
    case 0u: { return max(z, 0.0); }
    case 1u: { return tanh(clamp(z, -15.0, 15.0)); }
    case 2u: { return 1.0 / (1.0 + exp(-z)); }
    default: { return z; }
  }
}

// f'(z) written through a = f(z).
fn activationGrad(a: f32, code: u32) -> f32 {
  switch code {
    case 0u: { return select(0.0, 1.0, a > 0.0); }
    case 1u: { return 1.0 - a * a; }
    case 2u: { return a * (1.0 - a); }
    default: { return 1.0; }
  }
}

fn loadA(m: u32, k: u32) -> f32 {
  if (m >= dims.M || k >= dims.K) { return 0.0; }
  if (TRANS_A) { return A[k * dims.M + m]; }
  return A[m * dims.K + k];
}

fn loadB(k: u32, n: u32) -> f32 {
  if (k >= dims.K || n >= dims.N) { return 0.0; }
  if (TRANS_B) { return B[n * dims.K + k]; }
  return B[k * dims.N + n];
}

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row = wg.y * TILE + lid.y;
  let col = wg.x * TILE + lid.x;
  var acc = 0.0;
  let tiles = (dims.K + TILE - 1u) / TILE;
  for (var t = 0u; t < tiles; t++) {
    tileA[lid.y * TILE + lid.x] = loadA(row, t * TILE + lid.x);
    tileB[lid.y * TILE + lid.x] = loadB(t * TILE + lid.y, col);
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) {
      acc += tileA[lid.y * TILE + k] * tileB[k * TILE + lid.x];
    }
    workgroupBarrier();
  }
  if (row >= dims.M || col >= dims.N) { return; }
  var v = acc;
  if (HAS_BIAS) { v += bias[col]; }
  v = activate(v, ACT);
  if (GATE_ACT < 4u) { v *= activationGrad(aux[row * dims.N + col], GATE_ACT); }
  C[row * dims.N + col] = v;
}
