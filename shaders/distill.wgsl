// Knowledge-distillation loss and its gradient wrt the student's logits, one thread per row (a loop over K).
//   Zs: [M, K] student logits, Zt: [M, K] teacher logits (gathered for the batch), Y: [M, K] targets (one-hot)
//   grad:  [M, K]  = [α·T·(softmax(Zs/T) − softmax(Zt/T)) + (1−α)·(softmax(Zs) − Y)] / M
//   stats: [M] × (loss_m, correct_m), loss_m = [α·T²·KL(softmax(Zt/T) ‖ softmax(Zs/T)) + (1−α)·CE(Y, Zs)] / M,
//          correct_m = argmax Zs == argmax Y; M is `norm` when set. loss.wgsl's reduce_rows sums them.
// d/dZs of T²·KL(p_t ‖ p_s(T)) is T·(p_s − p_t): log p_s = Zs/T − lse(Zs/T) brings a 1/T.
// Every softmax subtracts its row max before exp (and before dividing by T); KL = Σ p_t (log p_t − log p_s)
// with both logs from log-softmax, a p_t that underflows to 0 adds 0 (0·log 0 = 0), and KL is clamped at 0.
// CPU twin: engine/ops/distill.ts.

override WG: u32 = 64u;

// 32 bytes; its first 16 are loss.wgsl's Params, so reduce_rows can bind the same buffer.
struct Params { M: u32, K: u32, slot: u32, norm: u32, T: f32, alpha: f32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> Zs: array<f32>;          // [M, K]
@group(0) @binding(2) var<storage, read> Zt: array<f32>;          // [M, K]
@group(0) @binding(3) var<storage, read> Y: array<f32>;           // [M, K]
@group(0) @binding(4) var<storage, read_write> grad: array<f32>;  // [M, K]
@group(0) @binding(5) var<storage, read_write> stats: array<vec2<f32>>;  // [M]

@compute @workgroup_size(WG)
fn distill_grad(@builtin(global_invocation_id) gid: vec3<u32>) {
  let m = gid.x;
  if (m >= p.M) { return; }
  let K = p.K;
  let o = m * K;
  let fm = f32(select(p.M, p.norm, p.norm != 0u));
  let T = p.T;
  let a = p.alpha;

  // argmax of the student, the targets and the teacher (first index wins ties)
  var bs = 0u;
  var by = 0u;
  var bt = 0u;
  for (var k = 1u; k < K; k++) {
    if (Zs[o + k] > Zs[o + bs]) { bs = k; }
    if (Y[o + k] > Y[o + by]) { by = k; }
    if (Zt[o + k] > Zt[o + bt]) { bt = k; }
  }
  let mxs = Zs[o + bs];
  let mxt = Zt[o + bt];

  var se = 0.0;   // Σ exp(Zs − max)
  var seS = 0.0;  // Σ exp((Zs − max)/T)
  var seT = 0.0;  // Σ exp((Zt − max)/T)
  for (var k = 0u; k < K; k++) {
    se += exp(Zs[o + k] - mxs);
    seS += exp((Zs[o + k] - mxs) / T);
    seT += exp((Zt[o + k] - mxt) / T);
  }
  let lse = log(se);  // lse(Zs) − max: the max stays out, so Zs − max − lse has no cancellation at 1000
  let lseS = log(seS);
  let lseT = log(seT);

  var kl = 0.0;
  var ce = 0.0;
  for (var k = 0u; k < K; k++) {
    let z = Zs[o + k];
    let ls = (z - mxs) / T - lseS;           // log softmax(Zs/T)
    let lt = (Zt[o + k] - mxt) / T - lseT;   // log softmax(Zt/T)
    let pt = exp(lt);
    if (pt > 0.0) { kl += pt * (lt - ls); }
    let l1 = z - mxs - lse;                  // log softmax(Zs)
    ce -= Y[o + k] * l1;
    grad[o + k] = (a * T * (exp(ls) - pt) + (1.0 - a) * (exp(l1) - Y[o + k])) / fm;
  }
  let loss = (a * T * T * max(kl, 0.0) + (1.0 - a) * ce) / fm;
  stats[m] = vec2<f32>(loss, select(0.0, 1.0, bs == by));
}
