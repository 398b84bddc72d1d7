// The optimizer's hyperparameters for one step, 16 words (engine/optimizers.ts optimizerUniforms writes
// them): prepended to shaders/optimizer.wgsl (a uniform) and shaders/population.wgsl (the first 16 words of
// each slot's record) by their kernel modules.
struct Hyper {
  n: u32,
  firstStep: u32,
  lr: f32,
  momentum: f32,
  oneMinusDampening: f32,
  beta1: f32,
  oneMinusBeta1: f32,
  beta2: f32,
  oneMinusBeta2: f32,
  eps: f32,
  weightDecay: f32,
  regRate: f32,
  bc1: f32,
  bc2: f32,
  pad0: u32,
  pad1: u32,
}
