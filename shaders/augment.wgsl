// Data augmentation while gathering the batch (REFERENCE.md "Strategies"; formulas in
// engine/strategies/augment.ts): the batch's inputs, targets and (distillation) teacher logits in one
// dispatch, one invocation per output element (R·D inputs, then R·C targets, then R·CZ logits).
// CPU twin: engine/ops/augment.ts (augmentRows for x; mixRows for the targets and logits under mixup, else
// gatherRows by the draws' source rows).
//   x:      srcX [n, D], rows [R] → outX [R, D]
//     out[r, d] = λ_r geo_r(d) + (1 − λ_r) geo_{p_r}(d)   (mixup, flags bit 1; else geo_r(d))
//               + σ z(key_r, d)                            (σ > 0: Box–Muller on the PCG hash)
//     geo_r(d): flags bit 0: the W×H image of row src_r shifted by (dx, dy) and rotated by θ about its
//               centre, bilinear, zero outside; else srcX[src_r, d]
//   rows:   srcT [n, C] → outT [R, C] and srcZ [n, CZ] → outZ [R, CZ] (CZ = 0: no teacher, placeholders):
//     mixup: λ_r src[src_r, c] + (1 − λ_r) src[src_{p_r}, c]; else src[src_r, c]
// The per-row draws (rows) come from the CPU (augmentDraws); the noise is hashed here, per element,
// with the same 32-bit arithmetic as engine/strategies/augmentHash.ts.

override WG: u32 = 64u;

struct Params { R: u32, D: u32, W: u32, H: u32, seed: u32, step: u32, sigma: f32, flags: u32, C: u32, CZ: u32, pad0: u32, pad1: u32 }
// src: training row; partner: the slot mixed with; (dx, dy) whole pixels; (c, s) = (cos θ, sin θ); lam = λ
struct Row { src: u32, partner: u32, dx: i32, dy: i32, c: f32, s: f32, lam: f32, key: u32 }

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> rows: array<Row>;
@group(0) @binding(2) var<storage, read> src: array<f32>;
@group(0) @binding(3) var<storage, read> srcT: array<f32>;
@group(0) @binding(4) var<storage, read> srcZ: array<f32>;
@group(0) @binding(5) var<storage, read_write> outRows: array<f32>;
@group(0) @binding(6) var<storage, read_write> outT: array<f32>;
@group(0) @binding(7) var<storage, read_write> outZ: array<f32>;

fn pcg(v: u32) -> u32 {
  let s = v * 747796405u + 2891336453u;
  let w = ((s >> ((s >> 28u) + 4u)) ^ s) * 277803737u;
  return (w >> 22u) ^ w;
}

fn unif(h: u32) -> f32 { return f32(h >> 8u) * (1.0 / 16777216.0); }

fn tap(base: u32, x: i32, y: i32) -> f32 {
  if (x < 0 || y < 0 || x >= i32(p.W) || y >= i32(p.H)) { return 0.0; }
  return src[base + u32(y) * p.W + u32(x)];
}

fn geo(slot: u32, d: u32) -> f32 {
  let base = rows[slot].src * p.D;
  if ((p.flags & 1u) == 0u) { return src[base + d]; }
  let x = d % p.W;
  let y = d / p.W;
  let c = rows[slot].c;
  let s = rows[slot].s;
  let dx = rows[slot].dx;
  let dy = rows[slot].dy;
  // a whole-pixel shift: the bilinear weights would be exactly 1 and 0, so read the one pixel (as the twin does)
  if (s == 0.0 && c == 1.0) { return tap(base, i32(x) - dx, i32(y) - dy); }
  let cx = (f32(p.W) - 1.0) * 0.5;
  let cy = (f32(p.H) - 1.0) * 0.5;
  let u = f32(x) - f32(dx) - cx;
  let v = f32(y) - f32(dy) - cy;
  let sx = c * u - s * v + cx;
  let sy = s * u + c * v + cy;
  let x0f = floor(sx);
  let y0f = floor(sy);
  let fx = sx - x0f;
  let fy = sy - y0f;
  let x0 = i32(x0f);
  let y0 = i32(y0f);
  return (tap(base, x0, y0) * (1.0 - fx) + tap(base, x0 + 1, y0) * fx) * (1.0 - fy)
       + (tap(base, x0, y0 + 1) * (1.0 - fx) + tap(base, x0 + 1, y0 + 1) * fx) * fy;
}

// Row r's input element d (the formula for x above).
fn augmentX(r: u32, d: u32) -> f32 {
  var v = geo(r, d);
  if ((p.flags & 2u) != 0u) {
    let lam = rows[r].lam;
    v = lam * v + (1.0 - lam) * geo(rows[r].partner, d);
  }
  if (p.sigma > 0.0) {
    let key = rows[r].key;
    let u1 = unif(pcg(key ^ (2u * d)));
    let u2 = unif(pcg(key ^ (2u * d + 1u)));
    // cos(2πu) = −cos(2πu − π): the argument stays in [−π, π), where WGSL bounds cos's error
    v -= p.sigma * sqrt(-2.0 * log(1.0 - u1)) * cos(6.283185307179586 * u2 - 3.141592653589793);
  }
  return v;
}

// Under mixup, λ_r a + (1 − λ_r) b for row r's source value a and its partner's b; else a.
fn mixed(r: u32, a: f32, b: f32) -> f32 {
  if ((p.flags & 2u) == 0u) { return a; }
  let lam = rows[r].lam;
  return lam * a + (1.0 - lam) * b;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  let nX = p.R * p.D;
  let nT = p.R * p.C;
  if (i < nX) {
    let r = i / p.D;
    outRows[i] = augmentX(r, i - r * p.D);
    return;
  }
  let j = i - nX;
  if (j < nT) {
    let r = j / p.C;
    let c = j - r * p.C;
    outT[j] = mixed(r, srcT[rows[r].src * p.C + c], srcT[rows[rows[r].partner].src * p.C + c]);
    return;
  }
  let k = j - nT;
  if (k < p.R * p.CZ) {
    let r = k / p.CZ;
    let c = k - r * p.CZ;
    outZ[k] = mixed(r, srcZ[rows[r].src * p.CZ + c], srcZ[rows[rows[r].partner].src * p.CZ + c]);
  }
}
