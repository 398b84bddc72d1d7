// Per-slot, per-segment statistics of a population's parameters and of its last step's gradients, for the
// race's lanes (CPU twin: segmentSums in engine/population/slotStats.ts). One workgroup per (segment,
// slot): workgroup id x = segment, z = slot; 64 invocations stride the segment, then a tree sum.
//   segs   [S, 2]    u32, (offset, size) in floats within a slot's parameter layout
//   params [T, P]    f32, the slots' parameters at stride P
//   grads  [T, P]    f32, the gradients of each slot's last step
//   sums   [T, S, 3] f32, (Σg², Σθ², Σ|θ|) per slot and segment

struct StatDims {
  S: u32,
  P: u32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<uniform> dims: StatDims;
@group(0) @binding(1) var<storage, read> segs: array<u32>;
@group(0) @binding(2) var<storage, read> params: array<f32>;
@group(0) @binding(3) var<storage, read> grads: array<f32>;
@group(0) @binding(4) var<storage, read_write> sums: array<f32>;

const STAT_WG: u32 = 64u;
var<workgroup> part: array<vec3<f32>, 64>;

@compute @workgroup_size(64)
fn segment_stats(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let seg = wg.x;
  let slot = wg.z;
  let size = segs[2u * seg + 1u];
  let base = slot * dims.P + segs[2u * seg];
  var acc = vec3<f32>(0.0);
  for (var i = li; i < size; i += STAT_WG) {
    let g = grads[base + i];
    let p = params[base + i];
    acc += vec3<f32>(g * g, p * p, abs(p));
  }
  part[li] = acc;
  workgroupBarrier();
  for (var w = STAT_WG / 2u; w > 0u; w = w >> 1u) {
    if (li < w) {
      part[li] += part[li + w];
    }
    workgroupBarrier();
  }
  if (li == 0u) {
    let o = (slot * dims.S + seg) * 3u;
    sums[o] = part[0].x;
    sums[o + 1u] = part[0].y;
    sums[o + 2u] = part[0].z;
  }
}
