// Row gather: out[r, :] = src[idx[r], :]     src: [n, D], idx: [R] → out: [R, D]
// Builds a mini-batch from the data already on the GPU. CPU twin: engine/ops/gather.ts.

override WG: u32 = 64u;

struct Params { R: u32, D: u32 }

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read> src: array<f32>;
@group(0) @binding(3) var<storage, read_write> outRows: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.R * p.D) { return; }
  let r = i / p.D;
  let d = i - r * p.D;
  outRows[i] = src[idx[r] * p.D + d];
}
