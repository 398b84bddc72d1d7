// Plain SGD over the whole parameter allocation (one dispatch for every tensor):
//   θ[i] ← θ[i] − lr · g[i]        θ, g: [n]
// CPU twin: engine/ops/sgd.ts.

override WG: u32 = 256u;

struct Params { n: u32, lr: f32 }

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> grads: array<f32>;
@group(0) @binding(2) var<storage, read_write> params: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.n) { return; }
  params[i] = params[i] - p.lr * grads[i];
}
