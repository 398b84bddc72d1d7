// Register-blocked matrix multiply with a fused epilogue; one kernel serves the forward and the backward pass.
//
//   C[M,N] = gate( act( op(A)[M,K] · op(B)[K,N] + bias[N] ) )
//
// A is stored [M,K] row-major, or [K,M] when TRANS_A.  B is stored [K,N], or [N,K] when TRANS_B.
// Forward  Y  = act(X · Wᵀ + b):  A = X [M,K], B = W [N,K] (TRANS_B), HAS_BIAS, ACT = layer activation.
// Backward dX = (dZ · W) ⊙ f'(A_prev):  A = dZ [M,N], B = W [N,K], GATE_ACT = previous layer's activation,
//          aux = A_prev [M,K] (the previous layer's output, from which f' is computed).
// Backward dW = dZᵀ · X:  A = dZ stored [M,N] (TRANS_A), B = X [M,K]; with ROW_SUM the same pass writes the
//          bias gradient db = rowSum[m] = Σ_k op(A)[m,k] (Σ over the batch of dZ), so no pass of its own.
// CPU twins: engine/ops/matmul.ts (linearForward, matmul) and engine/ops/activation.ts.
//
// Blocking: an invocation owns a square block of C of 4, 8, 16 or 32 outputs a side (main4 … main32),
// held as 4×4 matrices. It walks K four at a time: per step it loads one 4×4 tile of op(A) per block row
// of tiles and one of op(B) per block column, and accumulates their products (mat4x4 multiplies). A
// bigger block needs fewer loads per multiply-add and more registers: GPUs take 8×8, CPU emulations
// (SwiftShader, where every load costs as much as many multiply-adds) up to 32×32 (kernels/matmul.ts
// picks). No workgroup memory: the workgroup (WG_X × WG_Y invocations) only cuts C into dispatchable
// pieces. Tiles are read as vec4s along the contiguous dimension when both operands allow it (decided
// once per dispatch, outside the K loop, because a branch inside it costs more than the loads it saves),
// else float by float. Rows and columns past the edge are clamped on load and never stored; k past K
// reads 0.

override WG_X: u32 = 8;
override WG_Y: u32 = 8;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override HAS_BIAS: bool = false;
// Activation codes: 0 relu, 1 tanh, 2 sigmoid, 3 linear (engine/ops/activation.ts ACT_CODE).
override ACT: u32 = 3u;
// Multiply by f'(aux) for this activation code; 4 = no gating.
override GATE_ACT: u32 = 4u;
// Also write rowSum[m] = Σ_k op(A)[m, k] (binding 6): accumulated from the A tiles the K loop loads anyway
// (one vec4 add per tile), stored by the invocations of the first block column (n = 0).
override ROW_SUM: bool = false;

struct Dims { M: u32, K: u32, N: u32, pad: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> A: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> B: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read> aux: array<f32>;
@group(0) @binding(5) var<storage, read_write> C: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> rowSum: array<f32>;

// activate(z, code) and activationGrad(a, code): shaders/activation.wgsl, prepended by the kernel module.

// op(A)[m, k] and op(B)[k, n] from the vec4-typed buffers by flat index (m, n clamped; k ≥ K reads 0).
fn elemA(m: u32, k: u32) -> f32 {
  let r = min(m, dims.M - 1u);
  let kk = min(k, dims.K - 1u);
  let i = select(r * dims.K + kk, kk * dims.M + r, TRANS_A);
  return select(0.0, A[i >> 2u][i & 3u], k < dims.K);
}

fn elemB(k: u32, n: u32) -> f32 {
  let c = min(n, dims.N - 1u);
  let kk = min(k, dims.K - 1u);
  let i = select(kk * dims.N + c, c * dims.K + kk, TRANS_B);
  return select(0.0, B[i >> 2u][i & 3u], k < dims.K);
}

fn rowA(m: u32, k: u32) -> vec4<f32> { return vec4(elemA(m, k), elemA(m, k + 1u), elemA(m, k + 2u), elemA(m, k + 3u)); }
fn colB(k: u32, n: u32) -> vec4<f32> { return vec4(elemB(k, n), elemB(k + 1u, n), elemB(k + 2u, n), elemB(k + 3u, n)); }

// Tiles of 4×4 as matrices: tileA*(m, k)[j] = op(A)[m..m+3, k+j], tileB*(k, n)[c] = op(B)[k..k+3, n+c].
// The *V forms read four vec4s along the contiguous dimension: they need it to be a multiple of 4 and
// k + 4 ≤ K. The *S forms read floats one by one and handle every edge.
fn tileAV(m: u32, k: u32) -> mat4x4<f32> {
  if (TRANS_A) {
    let s = dims.M / 4u;
    let q = min(m, dims.M - 4u) / 4u;
    return mat4x4(A[k * s + q], A[(k + 1u) * s + q], A[(k + 2u) * s + q], A[(k + 3u) * s + q]);
  }
  let s = dims.K / 4u;
  let q = k / 4u;
  let r = dims.M - 1u;
  return transpose(mat4x4(A[min(m, r) * s + q], A[min(m + 1u, r) * s + q], A[min(m + 2u, r) * s + q], A[min(m + 3u, r) * s + q]));
}

fn tileAS(m: u32, k: u32) -> mat4x4<f32> {
  return transpose(mat4x4(rowA(m, k), rowA(m + 1u, k), rowA(m + 2u, k), rowA(m + 3u, k)));
}

fn tileBV(k: u32, n: u32) -> mat4x4<f32> {
  if (TRANS_B) {
    let s = dims.K / 4u;
    let q = k / 4u;
    let c = dims.N - 1u;
    return mat4x4(B[min(n, c) * s + q], B[min(n + 1u, c) * s + q], B[min(n + 2u, c) * s + q], B[min(n + 3u, c) * s + q]);
  }
  let s = dims.N / 4u;
  let q = min(n, dims.N - 4u) / 4u;
  return transpose(mat4x4(B[k * s + q], B[(k + 1u) * s + q], B[(k + 2u) * s + q], B[(k + 3u) * s + q]));
}

fn tileBS(k: u32, n: u32) -> mat4x4<f32> {
  return mat4x4(colB(k, n), colB(k, n + 1u), colB(k, n + 2u), colB(k, n + 3u));
}

// Whether both operands can be read as vec4s (uniform over the dispatch).
fn vec4s() -> bool {
  return select(dims.K % 4u == 0u, dims.M % 4u == 0u, TRANS_A) && select(dims.N % 4u == 0u, dims.K % 4u == 0u, TRANS_B);
}

fn auxAt(i: u32) -> f32 { return aux[min(i, dims.M * dims.N - 1u)]; }

fn store(i: u32, v: f32) { C[i >> 2u][i & 3u] = v; }

// Activation, gating and the store of C[m, n..n+3] (columns past N are dropped).
fn finishRow(m: u32, n: u32, z: vec4<f32>) {
  if (m >= dims.M) { return; }
  var v = activate(z, ACT);
  let at = m * dims.N + n;
  if (GATE_ACT < 4u) { v *= activationGrad(vec4(auxAt(at), auxAt(at + 1u), auxAt(at + 2u), auxAt(at + 3u)), GATE_ACT); }
  if (dims.N % 4u == 0u) {
    C[at / 4u] = v;
    return;
  }
  store(at, v.x);
  if (n + 1u < dims.N) { store(at + 1u, v.y); }
  if (n + 2u < dims.N) { store(at + 2u, v.z); }
  if (n + 3u < dims.N) { store(at + 3u, v.w); }
}

// Bias, activation, gating and the store of one 4×4 block whose column c is C[m..m+3, n+c].
fn finish(m: u32, n: u32, acc: mat4x4<f32>) {
  if (m >= dims.M || n >= dims.N) { return; }
  var b = vec4(0.0);
  if (HAS_BIAS) {
    let c = dims.N - 1u;
    b = vec4(bias[min(n, c)], bias[min(n + 1u, c)], bias[min(n + 2u, c)], bias[min(n + 3u, c)]);
  }
  let rows = transpose(acc);
  finishRow(m, n, rows[0] + b);
  finishRow(m + 1u, n, rows[1] + b);
  finishRow(m + 2u, n, rows[2] + b);
  finishRow(m + 3u, n, rows[3] + b);
}

// Row sums (ROW_SUM): a tile's four columns added, op(A)[m..m+3, k..k+3] summed over its k.
const ONES = vec4(1.0);

// Four row sums of 16 rows (rows m+4t…m+4t+3 in [t]), from a column of A tiles (Tiles4).
alias Sums16 = array<vec4<f32>, 4>;

fn addSums16(s: ptr<function, Sums16>, a: Tiles4) {
  (*s)[0] += a.t0 * ONES; (*s)[1] += a.t1 * ONES; (*s)[2] += a.t2 * ONES; (*s)[3] += a.t3 * ONES;
}

// The store of rowSum[m..m+3] (rows past M are dropped); only the first block column (n = 0) stores.
fn storeSums(m: u32, n: u32, s: vec4<f32>) {
  if (!ROW_SUM || n != 0u) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (m + j < dims.M) { rowSum[m + j] = s[j]; }
  }
}

fn storeSums16(m: u32, n: u32, s: ptr<function, Sums16>) {
  for (var t = 0u; t < 4u; t++) { storeSums(m + 4u * t, n, (*s)[t]); }
}

// Tiles4, a4/b4 (float loads), a4v/b4v (vec4 loads), Block16, add16 and finish16: shaders/matmul_blocks.wgsl,
// prepended by the kernel module; they read this file's tileAS/tileBS/tileAV/tileBV and finish.

// The 16- and 32-wide blocks are for CPU emulations: float-by-float loads (as fast there as vec4 loads)
// in one loop, so that the shader stays small enough to compile in seconds.
@compute @workgroup_size(WG_X, WG_Y)
fn main32(@builtin(global_invocation_id) g: vec3<u32>) {
  let m = g.y * 32u;
  let n = g.x * 32u;
  if (m >= dims.M || n >= dims.N) { return; }
  var c0: Block16; // rows m…m+15, columns n…n+15; c1: columns n+16…; c2: rows m+16…; c3: both
  var c1: Block16;
  var c2: Block16;
  var c3: Block16;
  var s0: Sums16; // ROW_SUM: rows m…m+15; s1: rows m+16…
  var s1: Sums16;
  for (var k = 0u; k < dims.K; k += 4u) {
    let a0 = a4(m, k);
    let a1 = a4(m + 16u, k);
    let b0 = b4(k, n);
    let b1 = b4(k, n + 16u);
    add16(&c0, a0, b0);
    add16(&c1, a0, b1);
    add16(&c2, a1, b0);
    add16(&c3, a1, b1);
    if (ROW_SUM) { addSums16(&s0, a0); addSums16(&s1, a1); }
  }
  finish16(m, n, &c0);
  finish16(m, n + 16u, &c1);
  finish16(m + 16u, n, &c2);
  finish16(m + 16u, n + 16u, &c3);
  storeSums16(m, n, &s0);
  storeSums16(m + 16u, n, &s1);
}

@compute @workgroup_size(WG_X, WG_Y)
fn main16(@builtin(global_invocation_id) g: vec3<u32>) {
  let m = g.y * 16u;
  let n = g.x * 16u;
  if (m >= dims.M || n >= dims.N) { return; }
  var c: Block16;
  var s: Sums16;
  for (var k = 0u; k < dims.K; k += 4u) {
    let a = a4(m, k);
    add16(&c, a, b4(k, n));
    if (ROW_SUM) { addSums16(&s, a); }
  }
  finish16(m, n, &c);
  storeSums16(m, n, &s);
}

// The same blocks with vec4 loads (kernels/matmul.ts picks these only when vec4s() holds: the
// contiguous dimension of both operands is a multiple of 4).
@compute @workgroup_size(WG_X, WG_Y)
fn main32v(@builtin(global_invocation_id) g: vec3<u32>) {
  let m = g.y * 32u;
  let n = g.x * 32u;
  if (m >= dims.M || n >= dims.N) { return; }
  var c0: Block16;
  var c1: Block16;
  var c2: Block16;
  var c3: Block16;
  var s0: Sums16;
  var s1: Sums16;
  let kFull = dims.K & ~3u; // vec4 loads need k + 4 ≤ K (tileAV/tileBV): the last k (if any) float by float
  for (var k = 0u; k < kFull; k += 4u) {
    let a0 = a4v(m, k);
    let a1 = a4v(m + 16u, k);
    let b0 = b4v(k, n);
    let b1 = b4v(k, n + 16u);
    add16(&c0, a0, b0);
    add16(&c1, a0, b1);
    add16(&c2, a1, b0);
    add16(&c3, a1, b1);
    if (ROW_SUM) { addSums16(&s0, a0); addSums16(&s1, a1); }
  }
  if (kFull < dims.K) {
    let a0 = a4(m, kFull);
    let a1 = a4(m + 16u, kFull);
    let b0 = b4(kFull, n);
    let b1 = b4(kFull, n + 16u);
    add16(&c0, a0, b0);
    add16(&c1, a0, b1);
    add16(&c2, a1, b0);
    add16(&c3, a1, b1);
    if (ROW_SUM) { addSums16(&s0, a0); addSums16(&s1, a1); }
  }
  finish16(m, n, &c0);
  finish16(m, n + 16u, &c1);
  finish16(m + 16u, n, &c2);
  finish16(m + 16u, n + 16u, &c3);
  storeSums16(m, n, &s0);
  storeSums16(m + 16u, n, &s1);
}

@compute @workgroup_size(WG_X, WG_Y)
fn main16v(@builtin(global_invocation_id) g: vec3<u32>) {
  let m = g.y * 16u;
  let n = g.x * 16u;
  if (m >= dims.M || n >= dims.N) { return; }
  var c: Block16;
  var s: Sums16;
  let kFull = dims.K & ~3u; // vec4 loads need k + 4 ≤ K: the last k (if any) float by float
  for (var k = 0u; k < kFull; k += 4u) {
    let a = a4v(m, k);
    add16(&c, a, b4v(k, n));
    if (ROW_SUM) { addSums16(&s, a); }
  }
  if (kFull < dims.K) {
    let a = a4(m, kFull);
    add16(&c, a, b4(kFull, n));
    if (ROW_SUM) { addSums16(&s, a); }
  }
  finish16(m, n, &c);
  storeSums16(m, n, &s);
}

@compute @workgroup_size(WG_X, WG_Y)
fn main8(@builtin(global_invocation_id) g: vec3<u32>) {
  let m = g.y * 8u;
  let n = g.x * 8u;
  if (m >= dims.M || n >= dims.N) { return; }
  var c00 = mat4x4<f32>();
  var c01 = mat4x4<f32>();
  var c10 = mat4x4<f32>();
  var c11 = mat4x4<f32>();
  var s0 = vec4(0.0); // ROW_SUM: rows m…m+3; s1: rows m+4…m+7
  var s1 = vec4(0.0);
  let kFull = dims.K & ~3u;
  if (vec4s()) {
    for (var k = 0u; k < kFull; k += 4u) {
      let a0 = tileAV(m, k); let a1 = tileAV(m + 4u, k); let b0 = tileBV(k, n); let b1 = tileBV(k, n + 4u);
      c00 += a0 * b0; c01 += a0 * b1; c10 += a1 * b0; c11 += a1 * b1;
      if (ROW_SUM) { s0 += a0 * ONES; s1 += a1 * ONES; }
    }
  } else {
    for (var k = 0u; k < kFull; k += 4u) {
      let a0 = tileAS(m, k); let a1 = tileAS(m + 4u, k); let b0 = tileBS(k, n); let b1 = tileBS(k, n + 4u);
      c00 += a0 * b0; c01 += a0 * b1; c10 += a1 * b0; c11 += a1 * b1;
      if (ROW_SUM) { s0 += a0 * ONES; s1 += a1 * ONES; }
    }
  }
  if (kFull < dims.K) {
    let a0 = tileAS(m, kFull); let a1 = tileAS(m + 4u, kFull); let b0 = tileBS(kFull, n); let b1 = tileBS(kFull, n + 4u);
    c00 += a0 * b0; c01 += a0 * b1; c10 += a1 * b0; c11 += a1 * b1;
    if (ROW_SUM) { s0 += a0 * ONES; s1 += a1 * ONES; }
  }
  finish(m, n, c00);
  finish(m, n + 4u, c01);
  finish(m + 4u, n, c10);
  finish(m + 4u, n + 4u, c11);
  storeSums(m, n, s0);
  storeSums(m + 4u, n, s1);
}

@compute @workgroup_size(WG_X, WG_Y)
fn main4(@builtin(global_invocation_id) g: vec3<u32>) {
  let m = g.y * 4u;
  let n = g.x * 4u;
  if (m >= dims.M || n >= dims.N) { return; }
  var acc = mat4x4<f32>();
  var s = vec4(0.0); // ROW_SUM: rows m…m+3
  let kFull = dims.K & ~3u;
  if (vec4s()) {
    for (var k = 0u; k < kFull; k += 4u) {
      let a = tileAV(m, k);
      acc += a * tileBV(k, n);
      if (ROW_SUM) { s += a * ONES; }
    }
  } else {
    for (var k = 0u; k < kFull; k += 4u) {
      let a = tileAS(m, k);
      acc += a * tileBS(k, n);
      if (ROW_SUM) { s += a * ONES; }
    }
  }
  if (kFull < dims.K) {
    let a = tileAS(m, kFull);
    acc += a * tileBS(kFull, n);
    if (ROW_SUM) { s += a * ONES; }
  }
  finish(m, n, acc);
  storeSums(m, n, s);
}
