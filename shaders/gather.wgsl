// Row gather of up to three matrices by one index list, in one dispatch (a training step's batch: the
// inputs, the targets and, under distillation, the teacher's logits):
//   out_j[r, :] = src_j[idx[r], :]     src_j: [n, D_j], idx: [R] → out_j: [R, D_j],  j = 0, 1, 2
// One invocation per chunk of CH columns of one row: the chunks of matrix 0 first (R·⌈D0/CH⌉ of them),
// then those of 1 and 2. A matrix with D_j = 0 has no chunks (its bindings are placeholders, never touched).
// Chunks rather than single elements: one row lookup per CH copies (on a CPU emulation such as SwiftShader
// the per-invocation cost of the eight bindings would otherwise outweigh the copy).
// CPU twin: engine/ops/gather.ts (gatherRows, once per matrix).

override WG: u32 = 64u;
const CH = 8u;

struct Params { R: u32, D0: u32, D1: u32, D2: u32 }

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read> src0: array<f32>;
@group(0) @binding(3) var<storage, read> src1: array<f32>;
@group(0) @binding(4) var<storage, read> src2: array<f32>;
@group(0) @binding(5) var<storage, read_write> out0: array<f32>;
@group(0) @binding(6) var<storage, read_write> out1: array<f32>;
@group(0) @binding(7) var<storage, read_write> out2: array<f32>;

fn chunks(D: u32) -> u32 { return (D + CH - 1u) / CH; }

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * WG;
  let c0 = chunks(p.D0);
  let c1 = chunks(p.D1);
  let t0 = p.R * c0;
  let t1 = p.R * c1;
  if (t < t0) {
    let r = t / c0;
    let d0 = (t - r * c0) * CH;
    let s = idx[r] * p.D0;
    let o = r * p.D0;
    for (var d = d0; d < min(d0 + CH, p.D0); d++) { out0[o + d] = src0[s + d]; }
    return;
  }
  if (t < t0 + t1) {
    let u = t - t0;
    let r = u / c1;
    let d0 = (u - r * c1) * CH;
    let s = idx[r] * p.D1;
    let o = r * p.D1;
    for (var d = d0; d < min(d0 + CH, p.D1); d++) { out1[o + d] = src1[s + d]; }
    return;
  }
  let c2 = chunks(p.D2);
  let u = t - t0 - t1;
  if (u < p.R * c2) {
    let r = u / c2;
    let d0 = (u - r * c2) * CH;
    let s = idx[r] * p.D2;
    let o = r * p.D2;
    for (var d = d0; d < min(d0 + CH, p.D2); d++) { out2[o + d] = src2[s + d]; }
  }
}
