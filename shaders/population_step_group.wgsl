// The fused step's group mode (shaders/population_step.wgsl): workgroup x = slot, WG invocations share
// its items, a barrier between phases. Prepended before population_step.wgsl.
override WS_FLOATS: u32 = 1024u;  // F: a slot's floats
var<workgroup> ws: array<f32, WS_FLOATS>;
fn sync() { workgroupBarrier(); }

@compute @workgroup_size(WG)
fn step(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let s = wid.x;
  // workgroup-uniform: every invocation of the workgroup returns, or none does
  if (!live(s)) { return; }
  runStep(s, lid, WG, 0u);
}
