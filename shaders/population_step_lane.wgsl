// The fused step's lane mode (shaders/population_step.wgsl): invocation g = slot g, WG (4) slots a
// workgroup; no barrier (one invocation does a slot's every phase). Prepended before population_step.wgsl.
// Slot lid's F floats at ws[lid·F …] (F ≤ 1024: populationShapes.ts FUSED_LANE_FLOATS, so that 4 slots
// fit WebGPU's 16 KiB of workgroup memory).
override WS_FLOATS: u32 = 4096u;  // WG·F
var<workgroup> ws: array<f32, WS_FLOATS>;
fn sync() {}

@compute @workgroup_size(WG)
fn step(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let s = wid.x * WG + lid;
  if (!live(s)) { return; }
  runStep(s, 0u, 1u, lid * sd.F);
}
