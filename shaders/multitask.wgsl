// Multi-task learning (REFERENCE.md "Strategies"): a shared trunk with heads, loss = Σ_k w_k CE_k.
// CPU twins: engine/strategies/multitask.ts (headsLossAndGrad, dots, pcgradSum).
//   heads_loss_grad  Z, T: [M, C] logits and targets; heads: [H] × {offset, classes, weight} segments of C
//                    → grad: [M, C] = dLoss/dZ, w_k (softmax_k(z_m) − t_m)/M on head k's columns, 0 on columns
//                      no head owns (exactly 0 where w_k = 0); stats: [M, H] × (CE_mk / M, correct_mk), unweighted;
//                      M in the 1/M is `norm` when set (an evaluation split into chunks normalises by the split's rows)
//   trunk_dots       g1, g2: [total] → dots: [4] = (g1·g2, |g1|², |g2|², 0) over [0, n)  (one workgroup)
//   pcgrad_combine   g1, g2: [total], dots → summed: [total]: over the trunk [0, n) PCGrad, both directions from
//                    the originals (if g1·g2 < 0: g1' = g1 − (g1·g2/|g2|²) g2, g2' = g2 − (g1·g2/|g1|²) g1), then
//                    g1' + g2'; over the heads [n, total) g1 + g2 (each head's rows get their own task's gradient)

override WG: u32 = 64u;
override RWG: u32 = 256u;

struct Params { M: u32, C: u32, H: u32, n: u32, total: u32, norm: u32, _p1: u32, _p2: u32 }
struct Head { offset: u32, classes: u32, weight: f32, _pad: u32 }

@group(0) @binding(0) var<uniform> p: Params;

// ---- heads_loss_grad: bindings 1 Z, 2 T, 3 heads, 4 grad, 5 stats -----------------------------------
@group(0) @binding(1) var<storage, read> Z: array<f32>;
@group(0) @binding(2) var<storage, read> T: array<f32>;
@group(0) @binding(3) var<storage, read> heads: array<Head>;
@group(0) @binding(4) var<storage, read_write> grad: array<f32>;
@group(0) @binding(5) var<storage, read_write> stats: array<vec2<f32>>;

@compute @workgroup_size(WG)
fn heads_loss_grad(@builtin(global_invocation_id) gid: vec3<u32>) {
  let m = gid.x;
  if (m >= p.M) { return; }
  let o = m * p.C;
  let fm = f32(select(p.M, p.norm, p.norm != 0u));
  for (var c = 0u; c < p.C; c++) { grad[o + c] = 0.0; }
  for (var k = 0u; k < p.H; k++) {
    let h = heads[k];
    let a = o + h.offset;
    var bz = 0u;
    var bt = 0u;
    for (var c = 1u; c < h.classes; c++) {
      if (Z[a + c] > Z[a + bz]) { bz = c; }
      if (T[a + c] > T[a + bt]) { bt = c; }
    }
    let mx = Z[a + bz];
    var se = 0.0;
    for (var c = 0u; c < h.classes; c++) { se += exp(Z[a + c] - mx); }
    let lse = mx + log(se);
    var loss = 0.0;
    for (var c = 0u; c < h.classes; c++) {
      loss += T[a + c] * (lse - Z[a + c]);
      grad[a + c] = select(h.weight * (exp(Z[a + c] - lse) - T[a + c]) / fm, 0.0, h.weight == 0.0);
    }
    stats[m * p.H + k] = vec2<f32>(loss / fm, select(0.0, 1.0, bz == bt));
  }
}

// ---- trunk_dots: bindings 1 g1, 2 g2, 3 dots; pcgrad_combine: 1 g1, 2 g2, 3 dots, 4 summed ----------
@group(0) @binding(1) var<storage, read> g1: array<f32>;
@group(0) @binding(2) var<storage, read> g2: array<f32>;
@group(0) @binding(3) var<storage, read_write> dots: array<f32>;
@group(0) @binding(4) var<storage, read_write> summed: array<f32>;

var<workgroup> partial: array<vec3<f32>, RWG>;

@compute @workgroup_size(RWG)
fn trunk_dots(@builtin(local_invocation_id) lid: vec3<u32>) {
  var s = vec3<f32>(0.0, 0.0, 0.0);
  for (var i = lid.x; i < p.n; i += RWG) {
    let x = g1[i];
    let y = g2[i];
    s += vec3<f32>(x * y, x * x, y * y);
  }
  partial[lid.x] = s;
  workgroupBarrier();
  for (var w = RWG / 2u; w > 0u; w = w / 2u) {
    if (lid.x < w) { partial[lid.x] += partial[lid.x + w]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    dots[0] = partial[0].x;
    dots[1] = partial[0].y;
    dots[2] = partial[0].z;
    dots[3] = 0.0;
  }
}

@compute @workgroup_size(WG)
fn pcgrad_combine(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= p.total) { return; }
  let x = g1[i];
  let y = g2[i];
  if (i >= p.n) {
    summed[i] = x + y;
    return;
  }
  let d12 = dots[0];
  let n1 = dots[1];
  let n2 = dots[2];
  let conflict = d12 < 0.0 && n1 > 0.0 && n2 > 0.0;
  let a = select(0.0, d12 / n1, conflict); // share of g1 removed from g2
  let b = select(0.0, d12 / n2, conflict); // share of g2 removed from g1
  summed[i] = (x - b * y) + (y - a * x);
}
