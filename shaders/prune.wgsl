// Pruning kernels (REFERENCE.md "Pruning"). CPU twins: engine/ops/prune.ts.
//
// magnitude: one workgroup per group of segments (a layer, or all chosen layers for global pruning).
//   groups[g] = (first segment, segment count, bits(amount), rule 0 remaining / 1 target); segs[s] = (offset, size)
//   Live entries (mask ≠ 0) are ordered by (|w|, flat index); the first k are pruned, k computed in float32:
//   rule 0: k = round(amount·m); rule 1: k = clamp(round(amount·n) − (n − m), 0, m) (m live, n all entries).
//   The k-th key T (u32 bits of |w|) is found by a radix select: three passes of 11/11/10-bit digits, each a
//   2048-bin histogram in workgroup memory over the live entries that match the digits chosen so far, then a
//   scan for the bin holding rank k−1. Entries with key < T are pruned, and of those equal to T the first
//   (k − #below) in flat-index order (a chunked prefix count). mask ← 1/0, weights at mask 0 ← +0.
//   info[g] = (m, k, T, ties pruned at T).
// row_norms: one thread per row; blocks[b] = (offset, rows, cols, out): scores[out + r] = ‖W[r, :]‖₂.
// activity: one thread per column of A [M, N]: scores[n] = Σ_m |A[m, n]| / M.
// apply_mask: one thread per entry of dst [n]: dst[i] ← +0 where mask[i] = 0 (weights, optimizer state).

override WG: u32 = 256u;
const BINS: u32 = 2048u;
override BPT: u32 = BINS / WG;  // bins per thread in the scan (WG must divide BINS)

struct Group { first: u32, count: u32, amount: f32, rule: u32 }
struct Segment { offset: u32, size: u32 }

@group(0) @binding(0) var<storage, read> groups: array<Group>;
@group(0) @binding(1) var<storage, read> segs: array<Segment>;
@group(0) @binding(2) var<storage, read_write> weights: array<f32>;
@group(0) @binding(3) var<storage, read_write> mask: array<f32>;
@group(0) @binding(4) var<storage, read_write> info: array<vec4<u32>>;

var<workgroup> bins: array<atomic<u32>, BINS>;
var<workgroup> scan: array<u32, WG>;
var<workgroup> selDigit: u32;
var<workgroup> selBelow: u32;

fn key(w: f32) -> u32 { return bitcast<u32>(abs(w)); }

// Inclusive prefix sum of `v` over the workgroup (Hillis–Steele); every thread gets its own prefix.
fn inclusiveScan(lid: u32, v: u32) -> u32 {
  scan[lid] = v;
  workgroupBarrier();
  for (var off = 1u; off < WG; off = off * 2u) {
    let add = select(0u, scan[lid - off], lid >= off);
    workgroupBarrier();
    scan[lid] += add;
    workgroupBarrier();
  }
  return scan[lid];
}

@compute @workgroup_size(WG)
fn magnitude(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lidv: vec3<u32>) {
  let lid = lidv.x;
  let grp = groups[wg.x];
  let last = grp.first + grp.count;
  var n = 0u;
  for (var s = grp.first; s < last; s++) { n += segs[s].size; }

  var prefix = 0u;
  var known = 0u;   // bits of the key fixed so far
  var rank = 0u;    // rank (0-based) of the k-th entry among the live entries that match `prefix`
  var m = 0u;
  var k = 0u;
  for (var stage = 0u; stage < 3u; stage++) {
    let shift = select(select(0u, 10u, stage == 1u), 21u, stage == 0u);
    let digitMask = select(0x7ffu, 0x3ffu, stage == 2u);
    for (var b = lid; b < BINS; b += WG) { atomicStore(&bins[b], 0u); }
    workgroupBarrier();
    for (var s = grp.first; s < last; s++) {
      let seg = segs[s];
      for (var i = lid; i < seg.size; i += WG) {
        let idx = seg.offset + i;
        let kk = key(weights[idx]);
        if (mask[idx] != 0.0 && (kk & known) == prefix) { atomicAdd(&bins[(kk >> shift) & digitMask], 1u); }
      }
    }
    workgroupBarrier();
    var own = 0u;
    for (var j = 0u; j < BPT; j++) { own += atomicLoad(&bins[lid * BPT + j]); }
    let incl = inclusiveScan(lid, own);
    if (stage == 0u) {
      m = scan[WG - 1u];
      if (grp.rule == 0u) {
        k = min(m, u32(round(grp.amount * f32(m))));
      } else {
        let want = i32(round(grp.amount * f32(n))) - i32(n - m);
        k = u32(clamp(want, 0, i32(m)));
      }
      rank = max(k, 1u) - 1u;
    }
    if (lid == 0u) { selDigit = 0u; selBelow = 0u; }
    workgroupBarrier();
    let excl = incl - own;
    if (rank >= excl && rank < incl) {
      var c = excl;
      for (var j = 0u; j < BPT; j++) {
        let cnt = atomicLoad(&bins[lid * BPT + j]);
        if (rank < c + cnt) {
          selDigit = lid * BPT + j;
          selBelow = c;
          break;
        }
        c += cnt;
      }
    }
    workgroupBarrier();
    rank -= selBelow;
    prefix |= selDigit << shift;
    known |= digitMask << shift;
    workgroupBarrier();
  }

  // Nothing to prune: threshold 0 (no key is below it) and no ties.
  let T = select(0u, prefix, k > 0u);
  let ties = select(0u, rank + 1u, k > 0u);
  var before = 0u;  // live entries equal to T in earlier chunks
  for (var s = grp.first; s < last; s++) {
    let seg = segs[s];
    for (var base = 0u; base < seg.size; base += WG) {
      let i = base + lid;
      let inside = i < seg.size;
      let idx = seg.offset + min(i, seg.size - 1u);
      let w = weights[idx];
      let live = inside && mask[idx] != 0.0;
      let kk = key(w);
      let tie = live && kk == T;
      let incl = inclusiveScan(lid, select(0u, 1u, tie));
      let drop = !live || kk < T || (tie && before + incl - 1u < ties);
      if (inside) {
        mask[idx] = select(1.0, 0.0, drop);
        weights[idx] = select(w, 0.0, drop);
      }
      before += scan[WG - 1u];
      workgroupBarrier();
    }
  }
  if (lid == 0u) { info[wg.x] = vec4<u32>(m, k, T, ties); }
}

struct RowBlock { offset: u32, rows: u32, cols: u32, out: u32 }
@group(0) @binding(0) var<storage, read> blocks: array<RowBlock>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read_write> scores: array<f32>;

@compute @workgroup_size(WG)
fn row_norms(@builtin(global_invocation_id) gid: vec3<u32>) {
  let blk = blocks[gid.y];
  let r = gid.x;
  if (r >= blk.rows) { return; }
  var s = 0.0;
  let o = blk.offset + r * blk.cols;
  for (var c = 0u; c < blk.cols; c++) { s += W[o + c] * W[o + c]; }
  scores[blk.out + r] = sqrt(s);
}

struct Dims { M: u32, N: u32 }
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> A: array<f32>;

@compute @workgroup_size(WG)
fn activity(@builtin(global_invocation_id) gid: vec3<u32>) {
  let n = gid.x;
  if (n >= dims.N) { return; }
  var s = 0.0;
  for (var m = 0u; m < dims.M; m++) { s += abs(A[m * dims.N + n]); }
  scores[n] = s / f32(max(dims.M, 1u));
}

struct Count { n: u32 }
@group(0) @binding(0) var<uniform> count: Count;
@group(0) @binding(1) var<storage, read> keep: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;

@compute @workgroup_size(WG)
fn apply_mask(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= count.n) { return; }
  if (keep[i] == 0.0) { dst[i] = 0.0; }
}
