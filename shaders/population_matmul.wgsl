// The population's batched matmul (shaders/population.wgsl for the family): one dispatch computes, for every
// slot s (global z), C[s] = gate(act(op(A[s]) · op(B[s]) + bias[s])).
// A[s] at aOff + s·aSlot, stored [M,K] or [K,M] (TRANS_A); B[s] at bOff + s·bSlot, stored [K,N] or [N,K]
// (TRANS_B); bias[s] at biasOff + s·bSlot ([N], beside W in the parameters); C[s] and aux[s] [M,N] at
// cOff + s·cSlot and s·auxSlot.
//   forward  act_l = f(act_{l−1} · W_lᵀ + b_l)   TRANS_B, HAS_BIAS, ACT        limit 1 (training)
//   dW_l = dZ_lᵀ · act_{l−1}                      TRANS_A                      limit 2
//   dZ_{l−1} = (dZ_l · W_l) ⊙ f'(act_{l−1})       GATE_ACT, aux = act_{l−1}    limit 1
// Each invocation computes a 4×4 block of C (rows as four vec4s); edges clamp on load, skip on store.
// Loads (kernels/population.ts decides, from the shapes and offsets): VA, the four A values an invocation
// needs at one k (rows m…m+3) are one aligned vec4 (TRANS_A, M % 4 = 0); VB likewise for B's four columns
// (!TRANS_B, N % 4 = 0); VK, both operands are contiguous along k (!TRANS_A, TRANS_B, K % 4 = 0): four k at a
// time, as vec4 dot products; VKB, A along k and B along n (!TRANS_A, !TRANS_B, K % 4 = N % 4 = 0): four k
// at a time, C rows += A's 4×4 block times B's. Otherwise float by float.
// The slot records (engine/population/slotWords.ts: SLOT_WORDS words a slot; word 20 live, word 21 rows),
// read here as words, without the optimizer's fields.
const SLOT_WORDS: u32 = 24u;
const LIVE: u32 = 20u;
const ROWS: u32 = 21u;
@group(0) @binding(1) var<storage, read> slotWords: array<u32>;

fn live(s: u32) -> bool { return s * SLOT_WORDS < arrayLength(&slotWords) && slotWords[s * SLOT_WORDS + LIVE] != 0u; }
// Rows a slot uses along a dimension of `count` rows.
fn rowsOf(s: u32, count: u32, limited: bool) -> u32 { return select(count, min(count, slotWords[s * SLOT_WORDS + ROWS]), limited); }

override WZ: u32 = 1u;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override HAS_BIAS: bool = false;
override ACT: u32 = 3u;       // 0 relu, 1 tanh, 2 sigmoid, 3 linear (engine/ops/activation.ts ACT_CODE)
override GATE_ACT: u32 = 4u;  // 4: no gating
override VA: bool = false;
override VB: bool = false;
override VK: bool = false;
override VKB: bool = false;
// C and aux rows are stored / read as aligned vec4s (N % 4 = 0, offsets and strides multiples of 4)
override VC: bool = false;

struct MatmulDims { M: u32, K: u32, N: u32, limit: u32, aOff: u32, aSlot: u32, bOff: u32, bSlot: u32, biasOff: u32, cOff: u32, cSlot: u32, auxSlot: u32 }
@group(0) @binding(0) var<uniform> md: MatmulDims;
@group(0) @binding(2) var<storage, read> mA: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> mB: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> mAux: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> mC: array<vec4<f32>>;

// activate(z, code) and activationGrad(a, code): shaders/activation.wgsl, prepended by the kernel module.

fn elemA(base: u32, m: u32, k: u32, M: u32) -> f32 {
  let i = base + select(m * md.K + k, k * M + m, TRANS_A);
  return mA[i >> 2u][i & 3u];
}

fn elemB(base: u32, k: u32, n: u32, K: u32) -> f32 {
  let i = base + select(k * md.N + n, n * K + k, TRANS_B);
  return mB[i >> 2u][i & 3u];
}

fn auxAt(i: u32) -> f32 { return mAux[i >> 2u][i & 3u]; }
fn storeAt(i: u32, v: f32) { mC[i >> 2u][i & 3u] = v; }

fn storeRow(s: u32, m: u32, n: u32, M: u32, z: vec4<f32>) {
  if (m >= M || n >= md.N) { return; }
  var v = activate(z, ACT);
  let at = md.cOff + s * md.cSlot + m * md.N + n;
  let x = s * md.auxSlot + m * md.N + n;
  if (VC) {
    if (GATE_ACT < 4u) { v *= activationGrad(mAux[x >> 2u], GATE_ACT); }
    mC[at >> 2u] = v;
    return;
  }
  if (GATE_ACT < 4u) {
    let last = s * md.auxSlot + m * md.N + md.N - 1u;
    v *= activationGrad(vec4(auxAt(x), auxAt(min(x + 1u, last)), auxAt(min(x + 2u, last)), auxAt(min(x + 3u, last))), GATE_ACT);
  }
  storeAt(at, v.x);
  if (n + 1u < md.N) { storeAt(at + 1u, v.y); }
  if (n + 2u < md.N) { storeAt(at + 2u, v.z); }
  if (n + 3u < md.N) { storeAt(at + 3u, v.w); }
}

override WX: u32 = 8u;
override WY: u32 = 8u;

@compute @workgroup_size(WX, WY, WZ)
fn matmul(@builtin(global_invocation_id) gid: vec3<u32>) {
  let s = gid.z;
  if (!live(s)) { return; }
  let M = rowsOf(s, md.M, md.limit == 1u);
  let K = rowsOf(s, md.K, md.limit == 2u);
  let m = gid.y * 4u;
  let n = gid.x * 4u;
  if (m >= M || n >= md.N) { return; }
  let aBase = md.aOff + s * md.aSlot;
  let bBase = md.bOff + s * md.bSlot;
  let m1 = min(m + 1u, M - 1u); let m2 = min(m + 2u, M - 1u); let m3 = min(m + 3u, M - 1u);
  let n1 = min(n + 1u, md.N - 1u); let n2 = min(n + 2u, md.N - 1u); let n3 = min(n + 3u, md.N - 1u);
  // A stored [K, M] when transposed: its row stride is the full M, not the slot's rows
  let aM = md.M;
  let bK = md.K;
  var c0 = vec4(0.0); var c1 = vec4(0.0); var c2 = vec4(0.0); var c3 = vec4(0.0);
  if (VK) {
    // rows of A and of B (= columns of op(B)) along k, four k at a time
    let r0 = (aBase + m * md.K) >> 2u; let r1 = (aBase + m1 * md.K) >> 2u;
    let r2 = (aBase + m2 * md.K) >> 2u; let r3 = (aBase + m3 * md.K) >> 2u;
    let q0 = (bBase + n * md.K) >> 2u; let q1 = (bBase + n1 * md.K) >> 2u;
    let q2 = (bBase + n2 * md.K) >> 2u; let q3 = (bBase + n3 * md.K) >> 2u;
    for (var k4 = 0u; k4 < K / 4u; k4++) {
      let a0 = mA[r0 + k4]; let a1 = mA[r1 + k4]; let a2 = mA[r2 + k4]; let a3 = mA[r3 + k4];
      let b0 = mB[q0 + k4]; let b1 = mB[q1 + k4]; let b2 = mB[q2 + k4]; let b3 = mB[q3 + k4];
      c0 += vec4(dot(a0, b0), dot(a0, b1), dot(a0, b2), dot(a0, b3));
      c1 += vec4(dot(a1, b0), dot(a1, b1), dot(a1, b2), dot(a1, b3));
      c2 += vec4(dot(a2, b0), dot(a2, b1), dot(a2, b2), dot(a2, b3));
      c3 += vec4(dot(a3, b0), dot(a3, b1), dot(a3, b2), dot(a3, b3));
    }
  } else if (VKB) {
    let r0 = (aBase + m * md.K) >> 2u; let r1 = (aBase + m1 * md.K) >> 2u;
    let r2 = (aBase + m2 * md.K) >> 2u; let r3 = (aBase + m3 * md.K) >> 2u;
    let q = (bBase + n) >> 2u;
    let qs = md.N >> 2u;
    for (var k4 = 0u; k4 < K / 4u; k4++) {
      let a0 = mA[r0 + k4]; let a1 = mA[r1 + k4]; let a2 = mA[r2 + k4]; let a3 = mA[r3 + k4];
      let bq = q + 4u * k4 * qs;
      let b = mat4x4(mB[bq], mB[bq + qs], mB[bq + 2u * qs], mB[bq + 3u * qs]); // columns: B rows k…k+3, n…n+3
      c0 += b * a0; c1 += b * a1; c2 += b * a2; c3 += b * a3;
    }
  } else {
    for (var k = 0u; k < K; k++) {
      var a: vec4<f32>;
      if (VA) { a = mA[(aBase + k * aM + m) >> 2u]; }
      else { a = vec4(elemA(aBase, m, k, aM), elemA(aBase, m1, k, aM), elemA(aBase, m2, k, aM), elemA(aBase, m3, k, aM)); }
      var b: vec4<f32>;
      if (VB) { b = mB[(bBase + k * md.N + n) >> 2u]; }
      else { b = vec4(elemB(bBase, k, n, bK), elemB(bBase, k, n1, bK), elemB(bBase, k, n2, bK), elemB(bBase, k, n3, bK)); }
      c0 += a.x * b; c1 += a.y * b; c2 += a.z * b; c3 += a.w * b;
    }
  }
  var bias = vec4(0.0);
  if (HAS_BIAS) {
    let o = md.biasOff + s * md.bSlot;
    bias = vec4(mB[(o + n) >> 2u][(o + n) & 3u], mB[(o + n1) >> 2u][(o + n1) & 3u], mB[(o + n2) >> 2u][(o + n2) & 3u], mB[(o + n3) >> 2u][(o + n3) & 3u]);
  }
  storeRow(s, m, n, M, c0 + bias);
  storeRow(s, m + 1u, n, M, c1 + bias);
  storeRow(s, m + 2u, n, M, c2 + bias);
  storeRow(s, m + 3u, n, M, c3 + bias);
}
