// The population's batched matmul (shaders/population.wgsl for the family): one dispatch computes, for every
// slot s, C[s] = gate(act(op(A[s]) · op(B[s]) + bias[s])).
// A[s] at aOff + s·aSlot, stored [M,K] or [K,M] (TRANS_A); B[s] at bOff + s·bSlot, stored [K,N] or [N,K]
// (TRANS_B); bias[s] at biasOff + s·bSlot ([N], beside W in the parameters); C[s] and aux[s] [M,N] at
// cOff + s·cSlot and s·auxSlot. Row strides are always the full M, K, N of the uniforms; a slot's own
// rows (limit) only bound what it reads and writes.
//   forward  act_l = f(act_{l−1} · W_lᵀ + b_l)   TRANS_B, HAS_BIAS, ACT        limit 1 (training)
//   dW_l = dZ_lᵀ · act_{l−1}                      TRANS_A                      limit 2
//   dZ_{l−1} = (dZ_l · W_l) ⊙ f'(act_{l−1})       GATE_ACT, aux = act_{l−1}    limit 1
//
// Register blocking as the single run's shaders/matmul.wgsl: an invocation owns a square block of one
// slot's C, 4, 8, 16 or 32 outputs a side (main4 … main32), held as 4×4 matrices, and walks K four at a time,
// one 4×4 tile of op(A) per block row of tiles and one of op(B) per block column, accumulating their
// products. The grid is flat: invocation i (x, then y past the per-dimension limit) owns block i mod
// tilesM·tilesN of slot i / (tilesM·tilesN), so that small layers of many slots fill whole workgroups and
// no workgroup is spent on one mostly empty slot (kernels/populationShapes.ts picks the block and the
// workgroup). Loads: VEC, both operands read as aligned vec4s along their contiguous dimension (decided
// per dispatch from the shapes and offsets, kernels/populationShapes.ts matmulLoads), for every full
// group of four k; otherwise, and for the last k < K, float by float (k past the slot's K reads 0). Rows and
// columns past the edge are clamped on load and never stored. VC: C and aux rows as aligned vec4s.
// The slot records (engine/population/slotWords.ts: SLOT_WORDS words a slot; word 20 live, word 21 rows),
// read here as words, without the optimizer's fields.
const SLOT_WORDS: u32 = 24u;
const LIVE: u32 = 20u;
const ROWS: u32 = 21u;
@group(0) @binding(1) var<storage, read> slotWords: array<u32>;

fn live(s: u32) -> bool { return s * SLOT_WORDS < arrayLength(&slotWords) && slotWords[s * SLOT_WORDS + LIVE] != 0u; }
// Rows a slot uses along a dimension of `count` rows.
fn rowsOf(s: u32, count: u32, limited: bool) -> u32 { return select(count, min(count, slotWords[s * SLOT_WORDS + ROWS]), limited); }

override WG: u32 = 64u;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override HAS_BIAS: bool = false;
override ACT: u32 = 3u;       // 0 relu, 1 tanh, 2 sigmoid, 3 linear (engine/ops/activation.ts ACT_CODE)
override GATE_ACT: u32 = 4u;  // 4: no gating
override VEC: bool = false;
override VC: bool = false;

// tilesM, tilesN: blocks per slot along M and N (ceil(M / block), ceil(N / block))
struct MatmulDims { M: u32, K: u32, N: u32, limit: u32, aOff: u32, aSlot: u32, bOff: u32, bSlot: u32, biasOff: u32, cOff: u32, cSlot: u32, auxSlot: u32, tilesM: u32, tilesN: u32, pad0: u32, pad1: u32 }
@group(0) @binding(0) var<uniform> md: MatmulDims;
@group(0) @binding(2) var<storage, read> mA: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> mB: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> mAux: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> mC: array<vec4<f32>>;

// activate(z, code) and activationGrad(a, code): shaders/activation.wgsl, prepended by the kernel module.

// The invocation's slot, its rows (sM along M, sK along K) and its operands' bases, set by block().
var<private> slot: u32;
var<private> sM: u32;
var<private> sK: u32;
var<private> aBase: u32;
var<private> bBase: u32;

// The block (m, n) of C the invocation owns and whether it has one (z = 1): a live slot, inside its rows.
fn block(gid: vec3<u32>, nwg: vec3<u32>, size: u32) -> vec3<u32> {
  let i = gid.x + gid.y * nwg.x * WG;
  let per = md.tilesM * md.tilesN;
  let s = i / per;
  if (!live(s)) { return vec3(0u); }
  let t = i - s * per;
  let tm = t / md.tilesN;
  slot = s;
  sM = rowsOf(s, md.M, md.limit == 1u);
  sK = rowsOf(s, md.K, md.limit == 2u);
  aBase = md.aOff + s * md.aSlot;
  bBase = md.bOff + s * md.bSlot;
  let m = tm * size;
  let n = (t - tm * md.tilesN) * size;
  return vec3(m, n, select(0u, 1u, m < sM && n < md.N));
}

// op(A)[m, k] and op(B)[k, n] of the slot by flat index (m, n clamped; k ≥ the slot's K reads 0).
fn elemA(m: u32, k: u32) -> f32 {
  let r = min(m, sM - 1u);
  let kk = min(k, sK - 1u);
  let i = aBase + select(r * md.K + kk, kk * md.M + r, TRANS_A);
  return select(0.0, mA[i >> 2u][i & 3u], k < sK);
}

fn elemB(k: u32, n: u32) -> f32 {
  let c = min(n, md.N - 1u);
  let kk = min(k, sK - 1u);
  let i = bBase + select(kk * md.N + c, c * md.K + kk, TRANS_B);
  return select(0.0, mB[i >> 2u][i & 3u], k < sK);
}

fn rowA(m: u32, k: u32) -> vec4<f32> { return vec4(elemA(m, k), elemA(m, k + 1u), elemA(m, k + 2u), elemA(m, k + 3u)); }
fn colB(k: u32, n: u32) -> vec4<f32> { return vec4(elemB(k, n), elemB(k + 1u, n), elemB(k + 2u, n), elemB(k + 3u, n)); }

// 4×4 tiles as matrices: tileA*(m, k)[j] = op(A)[m..m+3, k+j], tileB*(k, n)[c] = op(B)[k..k+3, n+c].
// The *V forms read four vec4s (VEC only, k + 4 ≤ the slot's K); the *S forms float by float, every edge.
fn tileAV(m: u32, k: u32) -> mat4x4<f32> {
  let a = aBase >> 2u;
  if (TRANS_A) {
    let s = md.M >> 2u;
    let q = a + min(m, sM - 4u) / 4u;
    return mat4x4(mA[q + k * s], mA[q + (k + 1u) * s], mA[q + (k + 2u) * s], mA[q + (k + 3u) * s]);
  }
  let s = md.K >> 2u;
  let q = a + k / 4u;
  let r = sM - 1u;
  return transpose(mat4x4(mA[q + min(m, r) * s], mA[q + min(m + 1u, r) * s], mA[q + min(m + 2u, r) * s], mA[q + min(m + 3u, r) * s]));
}

fn tileAS(m: u32, k: u32) -> mat4x4<f32> {
  return transpose(mat4x4(rowA(m, k), rowA(m + 1u, k), rowA(m + 2u, k), rowA(m + 3u, k)));
}

fn tileBV(k: u32, n: u32) -> mat4x4<f32> {
  let b = bBase >> 2u;
  if (TRANS_B) {
    let s = md.K >> 2u;
    let q = b + k / 4u;
    let c = md.N - 1u;
    return mat4x4(mB[q + min(n, c) * s], mB[q + min(n + 1u, c) * s], mB[q + min(n + 2u, c) * s], mB[q + min(n + 3u, c) * s]);
  }
  let s = md.N >> 2u;
  let q = b + min(n, md.N - 4u) / 4u;
  return transpose(mat4x4(mB[q + k * s], mB[q + (k + 1u) * s], mB[q + (k + 2u) * s], mB[q + (k + 3u) * s]));
}

fn tileBS(k: u32, n: u32) -> mat4x4<f32> {
  return mat4x4(colB(k, n), colB(k, n + 1u), colB(k, n + 2u), colB(k, n + 3u));
}

fn auxAt(i: u32) -> f32 { return mAux[i >> 2u][i & 3u]; }
fn storeAt(i: u32, v: f32) { mC[i >> 2u][i & 3u] = v; }

// Activation, gating and the store of C[s, m, n..n+3] (columns past N dropped).
fn storeRow(m: u32, n: u32, z: vec4<f32>) {
  if (m >= sM || n >= md.N) { return; }
  var v = activate(z, ACT);
  let at = md.cOff + slot * md.cSlot + m * md.N + n;
  let x = slot * md.auxSlot + m * md.N + n;
  if (VC) {
    if (GATE_ACT < 4u) { v *= activationGrad(mAux[x >> 2u], GATE_ACT); }
    mC[at >> 2u] = v;
    return;
  }
  if (GATE_ACT < 4u) {
    let last = slot * md.auxSlot + m * md.N + md.N - 1u;
    v *= activationGrad(vec4(auxAt(x), auxAt(min(x + 1u, last)), auxAt(min(x + 2u, last)), auxAt(min(x + 3u, last))), GATE_ACT);
  }
  storeAt(at, v.x);
  if (n + 1u < md.N) { storeAt(at + 1u, v.y); }
  if (n + 2u < md.N) { storeAt(at + 2u, v.z); }
  if (n + 3u < md.N) { storeAt(at + 3u, v.w); }
}

// Bias, activation, gating and the store of one 4×4 block whose column c is C[m..m+3, n+c].
fn finish(m: u32, n: u32, acc: mat4x4<f32>) {
  if (m >= sM || n >= md.N) { return; }
  var b = vec4(0.0);
  if (HAS_BIAS) {
    let o = md.biasOff + slot * md.bSlot;
    let c = md.N - 1u;
    let i = vec4(o + min(n, c), o + min(n + 1u, c), o + min(n + 2u, c), o + min(n + 3u, c));
    b = vec4(mB[i.x >> 2u][i.x & 3u], mB[i.y >> 2u][i.y & 3u], mB[i.z >> 2u][i.z & 3u], mB[i.w >> 2u][i.w & 3u]);
  }
  let rows = transpose(acc);
  storeRow(m, n, rows[0] + b);
  storeRow(m + 1u, n, rows[1] + b);
  storeRow(m + 2u, n, rows[2] + b);
  storeRow(m + 3u, n, rows[3] + b);
}

// k below which VEC loads are allowed (whole groups of four of the slot's K).
fn kVec() -> u32 { return select(0u, sK & ~3u, VEC); }

@compute @workgroup_size(WG)
fn main4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let b = block(gid, nwg, 4u);
  if (b.z == 0u) { return; }
  let m = b.x; let n = b.y;
  var acc = mat4x4<f32>();
  let kv = kVec();
  for (var k = 0u; k < kv; k += 4u) { acc += tileAV(m, k) * tileBV(k, n); }
  for (var k = kv; k < sK; k += 4u) { acc += tileAS(m, k) * tileBS(k, n); }
  finish(m, n, acc);
}

@compute @workgroup_size(WG)
fn main8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let b = block(gid, nwg, 8u);
  if (b.z == 0u) { return; }
  let m = b.x; let n = b.y;
  var c00 = mat4x4<f32>(); var c01 = mat4x4<f32>(); var c10 = mat4x4<f32>(); var c11 = mat4x4<f32>();
  let kv = kVec();
  for (var k = 0u; k < kv; k += 4u) {
    let a0 = tileAV(m, k); let a1 = tileAV(m + 4u, k); let b0 = tileBV(k, n); let b1 = tileBV(k, n + 4u);
    c00 += a0 * b0; c01 += a0 * b1; c10 += a1 * b0; c11 += a1 * b1;
  }
  for (var k = kv; k < sK; k += 4u) {
    let a0 = tileAS(m, k); let a1 = tileAS(m + 4u, k); let b0 = tileBS(k, n); let b1 = tileBS(k, n + 4u);
    c00 += a0 * b0; c01 += a0 * b1; c10 += a1 * b0; c11 += a1 * b1;
  }
  finish(m, n, c00); finish(m, n + 4u, c01); finish(m + 4u, n, c10); finish(m + 4u, n + 4u, c11);
}

// Tiles4, a4/b4 (float loads), a4v/b4v (vec4 loads), Block16, add16 and finish16: shaders/matmul_blocks.wgsl,
// prepended by the kernel module; they read this file's tileAS/tileBS/tileAV/tileBV and finish.

// The 16- and 32-wide blocks (for CPU emulations) have a float-by-float entry and a vec4 one (VEC: vec4
// loads up to the slot's last whole group of four k, then one float-by-float step), each with a single K
// loop, so that the shader stays small enough to compile in seconds.
@compute @workgroup_size(WG)
fn main16(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let b = block(gid, nwg, 16u);
  if (b.z == 0u) { return; }
  var c: Block16;
  for (var k = 0u; k < sK; k += 4u) { add16(&c, a4(b.x, k), b4(k, b.y)); }
  finish16(b.x, b.y, &c);
}

@compute @workgroup_size(WG)
fn main16v(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let b = block(gid, nwg, 16u);
  if (b.z == 0u) { return; }
  var c: Block16;
  let kv = sK & ~3u;
  for (var k = 0u; k < kv; k += 4u) { add16(&c, a4v(b.x, k), b4v(k, b.y)); }
  if (kv < sK) { add16(&c, a4(b.x, kv), b4(kv, b.y)); }
  finish16(b.x, b.y, &c);
}

@compute @workgroup_size(WG)
fn main32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let b = block(gid, nwg, 32u);
  if (b.z == 0u) { return; }
  let m = b.x; let n = b.y;
  var c0: Block16; // rows m…m+15, columns n…n+15; c1: columns n+16…; c2: rows m+16…; c3: both
  var c1: Block16;
  var c2: Block16;
  var c3: Block16;
  for (var k = 0u; k < sK; k += 4u) {
    let a0 = a4(m, k); let a1 = a4(m + 16u, k); let b0 = b4(k, n); let b1 = b4(k, n + 16u);
    add16(&c0, a0, b0); add16(&c1, a0, b1); add16(&c2, a1, b0); add16(&c3, a1, b1);
  }
  finish16(m, n, &c0); finish16(m, n + 16u, &c1); finish16(m + 16u, n, &c2); finish16(m + 16u, n + 16u, &c3);
}

@compute @workgroup_size(WG)
fn main32v(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let b = block(gid, nwg, 32u);
  if (b.z == 0u) { return; }
  let m = b.x; let n = b.y;
  var c0: Block16;
  var c1: Block16;
  var c2: Block16;
  var c3: Block16;
  let kv = sK & ~3u;
  for (var k = 0u; k < kv; k += 4u) {
    let a0 = a4v(m, k); let a1 = a4v(m + 16u, k); let b0 = b4v(k, n); let b1 = b4v(k, n + 16u);
    add16(&c0, a0, b0); add16(&c1, a0, b1); add16(&c2, a1, b0); add16(&c3, a1, b1);
  }
  if (kv < sK) {
    let a0 = a4(m, kv); let a1 = a4(m + 16u, kv); let b0 = b4(kv, n); let b1 = b4(kv, n + 16u);
    add16(&c0, a0, b0); add16(&c1, a0, b1); add16(&c2, a1, b0); add16(&c3, a1, b1);
  }
  finish16(m, n, &c0); finish16(m, n + 16u, &c1); finish16(m + 16u, n, &c2); finish16(m + 16u, n + 16u, &c3);
}
