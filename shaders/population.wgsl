// A population of trials (DESIGN.md seam 4): T replicas of one MLP trained together, one dispatch per
// kernel for every trial (slot), over a flat grid of all slots' items (below).
//
// Per slot, stacked at fixed strides:
//   params, grads, state0, state1: [T, P]   P = layout.totalFloats; W_l at s·P + W.offset, b_l at s·P + b.offset
//   bX [T, R, in], bT [T, R, out], act_l / dZ_l [T, R, out_l]   R = workspace rows (≥ the batch B)
//   data blocks: trainX [D, n, in] … one block per dataset; slot s reads block slots[s].block
// Per-slot settings (struct Slot, one array written once per step): the optimizer's 16-word block
// (engine/optimizers.ts optimizerUniforms) and the optimizer / regularization codes, the live flag, the
// slot's row count and its dataset block (engine/population/slotWords.ts). A slot that is not live is never
// read nor written by any kernel. The matmul is in shaders/population_matmul.wgsl (it reads the live flag
// and the row count from the same records).
// `limit` in the uniforms: 0 = every row of the uniform's count (evaluation); otherwise training, where a
// slot uses only its first slots[s].rows rows (an epoch's smaller last batch): 1 = the M dimension is rows,
// 2 = the K dimension is rows (dW = dZᵀ · X sums over rows).
// CPU twin: engine/population/cpuPopulation.ts (engine/fastNetwork.ts, ops/loss.ts, optimizers.ts).

// Grid: flat (except reduce_rows, one workgroup per slot on z). A dispatch's items (rows, columns, vec4s)
// of all slots are numbered slot-major, and invocation g of n = nwg.x·nwg.y·WG takes items g, g + n,
// g + 2n …: kernels/populationShapes.ts shapeFlat gives a GPU one item an invocation and a CPU emulation
// (SwiftShader, where every 4-lane group of invocations has a fixed cost) enough items an invocation that
// small problems (16 slots of a 16-wide layer) run in a few groups.
override WG: u32 = 64u;

struct Slot {
  hyper: Hyper,           // words 0…15: shaders/optimizer_hyper.wgsl (optimizerUniforms)
  opt: u32,               // 0 sgd, 1 momentum, 2 rmsprop, 3 adagrad, 4 adam, 5 adamw (OPTIMIZERS order)
  reg: u32,               // 0 none, 1 L1, 2 L2
  nesterov: u32,
  centered: u32,
  live: u32,              // 0: the slot is skipped by every kernel (`active` is reserved in WGSL)
  rows: u32,              // training rows this step (≤ B)
  block: u32,             // dataset block
  pad2: u32,
}

@group(0) @binding(1) var<storage, read> slots: array<Slot>;

// Whether z = s is a slot (reduce_rows).
fn isSlot(s: u32) -> bool { return s < arrayLength(&slots); }

// The flat grid: an invocation's first item and the step to its next.
fn firstItem(gid: vec3<u32>, nwg: vec3<u32>) -> u32 { return gid.x + gid.y * nwg.x * WG; }
fn itemStride(nwg: vec3<u32>) -> u32 { return nwg.x * nwg.y * WG; }

// Rows a slot uses along a dimension of `count` rows.
fn rowsOf(s: u32, count: u32, limited: bool) -> u32 {
  return select(count, min(count, slots[s].rows), limited);
}

// ---- gather: out[s, m, :] = src[block(s), row(s, m), :]   (an item: one row (s, m)) ----
// row(s, m) = idx[s·B + m] when training, r0 + m when evaluating.   src: [D, n, D_row], out: [T, R, D_row]
struct GatherDims { R: u32, D: u32, r0: u32, train: u32, blockFloats: u32, outSlot: u32, B: u32, pad: u32 }
@group(0) @binding(0) var<uniform> gd: GatherDims;
@group(0) @binding(2) var<storage, read> gIdx: array<u32>;
@group(0) @binding(3) var<storage, read> gSrc: array<f32>;
@group(0) @binding(4) var<storage, read_write> gOut: array<f32>;

@compute @workgroup_size(WG)
fn gather(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let total = arrayLength(&slots) * gd.R;
  for (var i = firstItem(gid, nwg); i < total; i += itemStride(nwg)) {
    let s = i / gd.R;
    let m = i - s * gd.R;
    if (slots[s].live == 0u || m >= rowsOf(s, gd.R, gd.train != 0u)) { continue; }
    let row = select(gd.r0 + m, gIdx[s * gd.B + m], gd.train != 0u);
    let src0 = slots[s].block * gd.blockFloats + row * gd.D;
    let dst = s * gd.outSlot + m * gd.D;
    for (var d = 0u; d < gd.D; d++) { gOut[dst + d] = gSrc[src0 + d]; }
  }
}

// ---- matmul: shaders/population_matmul.wgsl ----

// ---- bias gradient: db[s, n] = Σ_{m < rows} dZ[s, m, n]   dZ: [T, R, N] → grads at dbOff + s·P (an item: (s, n)) ----
struct BiasDims { M: u32, N: u32, dzSlot: u32, limit: u32, dbOff: u32, P: u32, pad0: u32, pad1: u32 }
@group(0) @binding(0) var<uniform> bd: BiasDims;
@group(0) @binding(2) var<storage, read> bdZ: array<f32>;
@group(0) @binding(3) var<storage, read_write> bDb: array<f32>;

@compute @workgroup_size(WG)
fn bias_grad(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let total = arrayLength(&slots) * bd.N;
  for (var i = firstItem(gid, nwg); i < total; i += itemStride(nwg)) {
    let s = i / bd.N;
    let n = i - s * bd.N;
    if (slots[s].live == 0u) { continue; }
    let M = rowsOf(s, bd.M, bd.limit != 0u);
    var acc = 0.0;
    for (var m = 0u; m < M; m++) { acc += bdZ[s * bd.dzSlot + m * bd.N + n]; }
    bDb[bd.dbOff + s * bd.P + n] = acc;
  }
}

// ---- loss and its gradient per row (shaders/loss.wgsl's conventions; an item: a row (s, m)) ----
//   Z, T, grad: [T, R, C] (slot stride zSlot); stats[s, statOff + m] = (loss_m, correct_m), stride statSlot.
//   loss_m carries 1/norm (MSE 1/(norm·C)): norm = the slot's rows when training, the split's rows otherwise.
override LOSS: u32 = 1u;  // 0 mse, 1 softmax cross-entropy (engine/ops/loss.ts LOSS_CODE)

struct LossDims { M: u32, C: u32, norm: u32, limit: u32, zSlot: u32, statOff: u32, statSlot: u32, pad: u32 }
@group(0) @binding(0) var<uniform> ld: LossDims;
@group(0) @binding(2) var<storage, read> lZ: array<f32>;
@group(0) @binding(3) var<storage, read> lT: array<f32>;
@group(0) @binding(4) var<storage, read_write> lGrad: array<f32>;
@group(0) @binding(5) var<storage, read_write> lStats: array<vec2<f32>>;

@compute @workgroup_size(WG)
fn loss_grad(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let total = arrayLength(&slots) * ld.M;
  for (var i = firstItem(gid, nwg); i < total; i += itemStride(nwg)) {
    let s = i / ld.M;
    let m = i - s * ld.M;
    if (slots[s].live == 0u) { continue; }
    let M = rowsOf(s, ld.M, ld.limit != 0u);
    if (m < M) { lossRow(s, m, M); }
  }
}

// Row m of slot s (of M rows this dispatch): its loss gradient and (loss, correct).
fn lossRow(s: u32, m: u32, M: u32) {
  let o = s * ld.zSlot + m * ld.C;
  let fm = f32(select(ld.norm, M, ld.limit != 0u));
  var loss = 0.0;
  var bz = 0u;
  var bt = 0u;
  for (var c = 1u; c < ld.C; c++) {
    if (lZ[o + c] > lZ[o + bz]) { bz = c; }
    if (lT[o + c] > lT[o + bt]) { bt = c; }
  }
  if (LOSS == 0u) {
    let denom = fm * f32(ld.C);
    for (var c = 0u; c < ld.C; c++) {
      let d = lZ[o + c] - lT[o + c];
      loss += d * d;
      lGrad[o + c] = 2.0 * d / denom;
    }
    loss = loss / denom;
  } else {
    let mx = lZ[o + bz];
    var se = 0.0;
    for (var c = 0u; c < ld.C; c++) { se += exp(lZ[o + c] - mx); }
    let lse = mx + log(se);
    for (var c = 0u; c < ld.C; c++) {
      loss += lT[o + c] * (lse - lZ[o + c]);
      lGrad[o + c] = (exp(lZ[o + c] - lse) - lT[o + c]) / fm;
    }
    loss = loss / fm;
  }
  lStats[s * ld.statSlot + ld.statOff + m] = vec2<f32>(loss, select(0.0, 1.0, bz == bt));
}

// ---- per-slot sums of the row statistics: sums[4s + 2·split + (0, 1)] = Σ_m (loss_m, correct_m) ----
struct ReduceDims { R: u32, statSlot: u32, split: u32, pad: u32 }
@group(0) @binding(0) var<uniform> rd: ReduceDims;
@group(0) @binding(2) var<storage, read> rStats: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read_write> rSums: array<f32>;

const RWG: u32 = 256u;
var<workgroup> partial: array<vec2<f32>, RWG>;

@compute @workgroup_size(RWG)
fn reduce_rows(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let s = wid.z;
  // workgroup-uniform: every invocation of the workgroup returns, or none does
  if (!isSlot(s) || slots[s].live == 0u) { return; }
  var acc = vec2<f32>(0.0, 0.0);
  for (var m = lid.x; m < rd.R; m += RWG) { acc += rStats[s * rd.statSlot + m]; }
  partial[lid.x] = acc;
  workgroupBarrier();
  for (var w = RWG / 2u; w > 0u; w = w / 2u) {
    if (lid.x < w) { partial[lid.x] += partial[lid.x + w]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    rSums[4u * s + 2u * rd.split] = partial[0].x;
    rSums[4u * s + 2u * rd.split + 1u] = partial[0].y;
  }
}

// ---- optimizer step per slot (shaders/optimizer.wgsl's math, the hyperparameters from slots[s]) ----
//   θ, g, state0, state1: [T, P] read as vec4s (P is a multiple of 64); vec4s: [n] the vec4s of a slot
//   that hold parameters (slotWords.ts paramVec4s: the padding between tensors is skipped). Each slot's n
//   vec4s are dealt to `chunks` invocations (kernels/population.ts: one vec4 each on a GPU, several on a
//   CPU emulation), which read the slot's settings once.
//   Padding inside a tensor's last vec4 stays 0 (its gradient and θ are 0).
struct OptDims { P4: u32, n: u32, chunks: u32, pad: u32 }
@group(0) @binding(0) var<uniform> od: OptDims;
@group(0) @binding(2) var<storage, read> oGrads: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> oParams: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> oState0: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> oState1: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> oVec4s: array<u32>;

// Branch-free (the slot's codes come from a storage buffer, so a CPU emulation cannot tell they are
// uniform and would run every case of a switch under masks): the optimizers share their algebra,
//   state0' = c0·state0 + c1·x    momentum μ, 1−τ, x = g (b₁ = g) · rmsprop α, 1−α, x = g² · adagrad 1, 1, x = g²
//                                 adam β₁, 1−β₁, x = g
//   state1' = β₂·state1 + (1−β₂)·y   rmsprop centered y = g (ḡ) · adam y = g² (v); otherwise unchanged
//   θ' = θ − lr·d                    sgd d = g, momentum d = b or g + μ·b
//   θ' = θ₀ − num / (√rad + ε)       rmsprop / adagrad num = lr·g, rad = v, v − ḡ² or s, θ₀ = θ
//                                    adam num = lr·(m/bc1), rad = v/bc2, θ₀ = θ (adamw: θ − lr·wd·θ)
// Each expression rounds as the one of shaders/optimizer.wgsl does (multiplying by 1 is exact).
// VARIANT (kernels/population.ts sets it when every live slot of a step has one optimizer variant): the
// codes come from OPT, REG, NESTEROV and CENTERED, constants, so that the compiler drops the algebra of the
// other optimizers. DENSE: vec4 j of the slot is j itself (od.n = P/4: the padding between tensors, 0 in
// θ and g, is updated with the rest, as the CPU twin does), not oVec4s[j].
override VARIANT: bool = false;
override OPT: u32 = 0u;
override REG: u32 = 0u;
override NESTEROV: bool = false;
override CENTERED: bool = false;
override DENSE: bool = false;

@compute @workgroup_size(WG)
fn optimizer(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // invocation g: slot s = g / chunks, its vec4s j = g mod chunks, j + chunks …; the slot's record read once
  let g0 = firstItem(gid, nwg);
  let s = g0 / od.chunks;
  if (!isSlot(s)) { return; }
  let rec = slots[s];
  if (rec.live == 0u) { return; }
  let hyper = rec.hyper;
  let opt = select(rec.opt, OPT, VARIANT);
  let reg = select(rec.reg, REG, VARIANT);
  let nesterov = select(rec.nesterov != 0u, NESTEROV, VARIANT);
  let centeredCode = select(rec.centered != 0u, CENTERED, VARIANT);
  for (var j = g0 - s * od.chunks; j < od.n; j += od.chunks) {
  var q = j;
  if (!DENSE) { q = oVec4s[j]; }
  let i = s * od.P4 + q;
  let theta = oParams[i];
  let s0 = oState0[i];
  let s1 = oState1[i];
  var g = oGrads[i];
  g = select(g, g + hyper.regRate * sign(theta), reg == 1u);
  g = select(g, g + hyper.regRate * theta, reg == 2u);
  let gg = g * g;
  let isMom = opt == 1u;
  let isRms = opt == 2u;
  let isAdam = opt >= 4u;
  let squares = isRms || opt == 3u;
  let c0 = select(select(select(hyper.momentum, hyper.beta1, isAdam), hyper.beta2, isRms), 1.0, opt == 3u);
  let c1 = select(select(select(hyper.oneMinusDampening, hyper.oneMinusBeta1, isAdam), hyper.oneMinusBeta2, isRms), 1.0, opt == 3u);
  let n0 = select(c0 * s0 + c1 * select(g, gg, squares), g, isMom && hyper.firstStep != 0u);
  let centered = isRms && centeredCode;
  let n1 = select(s1, hyper.beta2 * s1 + hyper.oneMinusBeta2 * select(g, gg, isAdam), centered || isAdam);
  let d = select(g, select(n0, g + hyper.momentum * n0, nesterov), isMom);
  let num = hyper.lr * select(g, n0 / hyper.bc1, isAdam);
  let rad = select(select(n0, max(n0 - n1 * n1, vec4(0.0)), centered), n1 / hyper.bc2, isAdam);
  let base = select(theta, theta - (hyper.lr * hyper.weightDecay) * theta, opt == 5u);
  oParams[i] = select(theta - hyper.lr * d, base - num / (sqrt(rad) + hyper.eps), opt >= 2u);
  oState0[i] = select(n0, s0, opt == 0u);
  oState1[i] = n1;
  }
}
