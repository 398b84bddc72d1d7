// Bias gradient: column sums of the output gradient.
//   dZ: [M, N] row-major  →  db[n] = Σ_m dZ[m, n]   (db: [N])
// CPU twin: engine/ops/matmul.ts linearBackward (db).

override WG: u32 = 64u;

struct Dims { M: u32, N: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> dZ: array<f32>;
@group(0) @binding(2) var<storage, read_write> db: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let n = gid.x;
  if (n >= dims.N) { return; }
  var s = 0.0;
  for (var m = 0u; m < dims.M; m++) {
    s += dZ[m * dims.N + n];
  }
  db[n] = s;
}
