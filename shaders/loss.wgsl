// Loss and its gradient, per row, plus a one-workgroup sum of the per-row statistics.
//   Z: [M, C] raw outputs (logits), T: [M, C] targets (one-hot for classes)
//   loss_grad:   grad[M, C] = dLoss/dZ;  stats[m] = (loss_m, correct_m), loss_m carrying the 1/M (MSE: 1/(M·C))
//                where M is `norm` when set: an evaluation split into chunks normalises by the split's rows
//   reduce_rows: out[2·slot] = Σ_m loss_m, out[2·slot + 1] = Σ_m correct_m
// MSE = mean over batch and outputs of (t − z)² (no 1/2); softmax cross-entropy subtracts the row max
// before log-sum-exp, grad = (softmax − t)/M. CPU twin: engine/ops/loss.ts.

override LOSS: u32 = 1u;  // 0 mse, 1 softmax cross-entropy (engine/ops/loss.ts LOSS_CODE)
override WG: u32 = 64u;

struct Params { M: u32, C: u32, slot: u32, norm: u32 }

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> Z: array<f32>;
@group(0) @binding(2) var<storage, read> T: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;
@group(0) @binding(4) var<storage, read_write> stats: array<vec2<f32>>;

@compute @workgroup_size(WG)
fn loss_grad(@builtin(global_invocation_id) gid: vec3<u32>) {
  let m = gid.x;
  if (m >= p.M) { return; }
  let o = m * p.C;
  let fm = f32(select(p.M, p.norm, p.norm != 0u));
  var loss = 0.0;
  var bz = 0u;
  var bt = 0u;
  for (var c = 1u; c < p.C; c++) {
    if (Z[o + c] > Z[o + bz]) { bz = c; }
    if (T[o + c] > T[o + bt]) { bt = c; }
  }
  if (LOSS == 0u) {
    let denom = fm * f32(p.C);
    for (var c = 0u; c < p.C; c++) {
      let d = Z[o + c] - T[o + c];
      loss += d * d;
      grad[o + c] = 2.0 * d / denom;
    }
    loss = loss / denom;
  } else {
    let mx = Z[o + bz];
    var se = 0.0;
    for (var c = 0u; c < p.C; c++) { se += exp(Z[o + c] - mx); }
    let lse = mx + log(se);
    for (var c = 0u; c < p.C; c++) {
      loss += T[o + c] * (lse - Z[o + c]);
      grad[o + c] = (exp(Z[o + c] - lse) - T[o + c]) / fm;
    }
    loss = loss / fm;
  }
  stats[m] = vec2<f32>(loss, select(0.0, 1.0, bz == bt));
}

@group(0) @binding(1) var<storage, read> rowStats: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> sums: array<f32>;

override RWG: u32 = 256u;
var<workgroup> partial: array<vec2<f32>, RWG>;

@compute @workgroup_size(RWG)
fn reduce_rows(@builtin(local_invocation_id) lid: vec3<u32>) {
  var s = vec2<f32>(0.0, 0.0);
  for (var m = lid.x; m < p.M; m += RWG) { s += rowStats[m]; }
  partial[lid.x] = s;
  workgroupBarrier();
  for (var w = RWG / 2u; w > 0u; w = w / 2u) {
    if (lid.x < w) { partial[lid.x] += partial[lid.x + w]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    sums[2u * p.slot] = partial[0].x;
    sums[2u * p.slot + 1u] = partial[0].y;
  }
}
