// The population's fused training step for small networks (gpu/kernels/populationStep.ts): a slot's
// gather, forward, loss and backward in one dispatch for every slot, its activations and loss gradients in
// workgroup memory, its gradients into grads (shaders/population.wgsl runs the same as 14 dispatches; its
// `optimizer` kernel then updates every slot, as after those). Two modes, each an entry point of its own
// prepended file:
//   shaders/population_step_group.wgsl  one workgroup a slot, its items dealt to the WG invocations, a
//                                       barrier between phases (a GPU)
//   shaders/population_step_lane.wgsl   one invocation a slot, no barrier (a CPU emulation, where a
//                                       workgroup runs on one core and barriers only cost)
// Both call runStep below, which calls sync() between phases (a barrier, or nothing).
// CPU twin: engine/population/cpuPopulation.ts (engine/fastNetwork.ts lossAndGradient).
//
// Per slot s (records and rows: engine/population/slotWords.ts; params, grads: [T, P]),
// its workgroup memory ws[base …] (F floats, populationShapes.ts fusedStepPlan):
//   x      ws[0 …]          [M, in]     x[m] = trainX[block(s), rows[s, m]]     M = the slot's rows (≤ B)
//   act_l  ws[L.outAt …]    [M, out_l]  f_l(act_{l−1} · W_lᵀ + b_l)             (act_{−1} = x)
//   dZ_l   over act_l, in place: dZ_{L−1} = dLoss/dZ; dZ_{l−1} = (dZ_l · W_l) ⊙ f'(act_{l−1}) once dW_l is taken
//   grads  dW_l = dZ_lᵀ · act_{l−1} [out_l, in_l], db_l = Σ_m dZ_l[m] into grads[s·P + …]
// Items of a phase go to i = first, first + stride … (group: the invocation and WG; lane: 0 and 1).
// The loss follows shaders/loss.wgsl (and population.wgsl loss_grad): the gradient carries 1/M (MSE 1/(M·C)).

override WG: u32 = 64u;
override LOSS: u32 = 1u;          // 0 mse, 1 softmax cross-entropy (engine/ops/loss.ts LOSS_CODE)

const MAX_LAYERS: u32 = 8u;
// A layer: widths, activation code (activation.wgsl), W and b offsets in a slot's parameters, where its
// input and output rows start in a slot's ws.
struct Layer { inDim: u32, outDim: u32, act: u32, wOff: u32, bOff: u32, inAt: u32, outAt: u32, pad: u32 }
struct StepDims {
  B: u32, inDim: u32, outDim: u32, nL: u32,
  P: u32, blockX: u32, blockY: u32, F: u32,
  pad0: u32, pad1: u32, pad2: u32, pad3: u32,
  layers: array<Layer, MAX_LAYERS>,
}
@group(0) @binding(0) var<uniform> sd: StepDims;
// The slot records (engine/population/slotWords.ts: SLOT_WORDS words a slot), read as words: 20 live,
// 21 rows, 22 dataset block.
const SLOT_WORDS: u32 = 24u;
@group(0) @binding(1) var<storage, read> slotWords: array<u32>;
@group(0) @binding(2) var<storage, read> rows: array<u32>;      // [T, B]
@group(0) @binding(3) var<storage, read> trainX: array<f32>;    // [D, n, in]
@group(0) @binding(4) var<storage, read> trainY: array<f32>;    // [D, n, out]
@group(0) @binding(5) var<storage, read> params: array<f32>;    // [T, P]
@group(0) @binding(6) var<storage, read_write> grads: array<f32>;   // [T, P]

fn live(s: u32) -> bool { return s * SLOT_WORDS < arrayLength(&slotWords) && slotWords[s * SLOT_WORDS + 20u] != 0u; }

fn actGrad1(a: f32, code: u32) -> f32 { return activationGrad(vec4(a), code).x; }

// A 4×4 tile plus the outer product of a (its rows) and b (its columns): acc[r] + a[r]·b.
fn outer4(acc: array<vec4<f32>, 4>, a: vec4<f32>, b: vec4<f32>) -> array<vec4<f32>, 4> {
  return array<vec4<f32>, 4>(acc[0] + a.x * b, acc[1] + a.y * b, acc[2] + a.z * b, acc[3] + a.w * b);
}
// The step of live slot s, items from `first` by `stride`, its ws from `base`.
fn runStep(s: u32, first: u32, stride: u32, base: u32) {
  let M = min(sd.B, slotWords[s * SLOT_WORDS + 21u]);
  let pBase = s * sd.P;
  let blk = slotWords[s * SLOT_WORDS + 22u];

  // gather: x [M, in]
  let nIn = M * sd.inDim;
  for (var i = first; i < nIn; i += stride) {
    let m = i / sd.inDim;
    ws[base + i] = trainX[blk * sd.blockX + rows[s * sd.B + m] * sd.inDim + (i - m * sd.inDim)];
  }
  sync();

  // forward: 4×4 tiles of act_l (rows m0…, columns n0…; rows and columns past the edge clamped on load, never stored)
  for (var l = 0u; l < sd.nL; l++) {
    let L = sd.layers[l];
    let K = L.inDim;
    let N = L.outDim;
    let tilesN = (N + 3u) / 4u;
    for (var t = first; t < ((M + 3u) / 4u) * tilesN; t += stride) {
      let m0 = (t / tilesN) * 4u;
      let n0 = (t - (t / tilesN) * tilesN) * 4u;
      let x = base + L.inAt + vec4(min(m0, M - 1u), min(m0 + 1u, M - 1u), min(m0 + 2u, M - 1u), min(m0 + 3u, M - 1u)) * K;
      let w = pBase + L.wOff + vec4(min(n0, N - 1u), min(n0 + 1u, N - 1u), min(n0 + 2u, N - 1u), min(n0 + 3u, N - 1u)) * K;
      let bv = vec4(params[pBase + L.bOff + min(n0, N - 1u)], params[pBase + L.bOff + min(n0 + 1u, N - 1u)], params[pBase + L.bOff + min(n0 + 2u, N - 1u)], params[pBase + L.bOff + min(n0 + 3u, N - 1u)]);
      var acc = array<vec4<f32>, 4>(bv, bv, bv, bv);
      for (var k = 0u; k < K; k++) {
        let xa = vec4(ws[x.x + k], ws[x.y + k], ws[x.z + k], ws[x.w + k]);
        let wb = vec4(params[w.x + k], params[w.y + k], params[w.z + k], params[w.w + k]);
        acc = outer4(acc, xa, wb);
      }
      for (var r = 0u; r < 4u && m0 + r < M; r++) {
        let o = base + L.outAt + (m0 + r) * N + n0;
        let v = activate(acc[r], L.act);
        for (var c = 0u; c < 4u && n0 + c < N; c++) { ws[o + c] = v[c]; }
      }
    }
    sync();
  }

  // loss gradient over Z, a row at a time
  let C = sd.outDim;
  let fm = f32(M);
  for (var m = first; m < M; m += stride) {
    let z = base + sd.layers[sd.nL - 1u].outAt + m * C;
    let t = blk * sd.blockY + rows[s * sd.B + m] * C;
    if (LOSS == 0u) {
      let denom = fm * f32(C);
      for (var c = 0u; c < C; c++) { ws[z + c] = 2.0 * (ws[z + c] - trainY[t + c]) / denom; }
    } else {
      var mx = ws[z];
      for (var c = 1u; c < C; c++) { mx = max(mx, ws[z + c]); }
      var se = 0.0;
      for (var c = 0u; c < C; c++) { se += exp(ws[z + c] - mx); }
      let lse = mx + log(se);
      for (var c = 0u; c < C; c++) { ws[z + c] = (exp(ws[z + c] - lse) - trainY[t + c]) / fm; }
    }
  }
  sync();

  // backward: dZ_l over act_l; dW_l and db_l, then dZ_{l−1} over act_{l−1}
  for (var j = 0u; j < sd.nL; j++) {
    let l = sd.nL - 1u - j;
    let L = sd.layers[l];
    let K = L.inDim;
    let N = L.outDim;
    let dz = base + L.outAt;
    let a = base + L.inAt;
    // dW_l: 4×4 tiles of [N, K], summed over the rows
    let tilesK = (K + 3u) / 4u;
    for (var t = first; t < ((N + 3u) / 4u) * tilesK; t += stride) {
      let n0 = (t / tilesK) * 4u;
      let k0 = (t - (t / tilesK) * tilesK) * 4u;
      let nn = vec4(min(n0, N - 1u), min(n0 + 1u, N - 1u), min(n0 + 2u, N - 1u), min(n0 + 3u, N - 1u));
      let kk = vec4(min(k0, K - 1u), min(k0 + 1u, K - 1u), min(k0 + 2u, K - 1u), min(k0 + 3u, K - 1u));
      var acc = array<vec4<f32>, 4>(vec4(0.0), vec4(0.0), vec4(0.0), vec4(0.0));
      for (var m = 0u; m < M; m++) {
        let d = dz + m * N + nn;
        let x = a + m * K + kk;
        let da = vec4(ws[d.x], ws[d.y], ws[d.z], ws[d.w]);
        let xb = vec4(ws[x.x], ws[x.y], ws[x.z], ws[x.w]);
        acc = outer4(acc, da, xb);
      }
      for (var r = 0u; r < 4u && n0 + r < N; r++) {
        let o = pBase + L.wOff + (n0 + r) * K + k0;
        for (var c = 0u; c < 4u && k0 + c < K; c++) { grads[o + c] = acc[r][c]; }
      }
    }
    for (var n = first; n < N; n += stride) {
      var acc = 0.0;
      for (var m = 0u; m < M; m++) { acc += ws[dz + m * N + n]; }
      grads[pBase + L.bOff + n] = acc;
    }
    if (l > 0u) {
      sync();
      let gate = sd.layers[l - 1u].act;
      // dZ_{l−1} = (dZ_l · W_l) ⊙ f'(act_{l−1}): 4×4 tiles of [M, K], each over its own act_{l−1}
      for (var t = first; t < ((M + 3u) / 4u) * tilesK; t += stride) {
        let m0 = (t / tilesK) * 4u;
        let k0 = (t - (t / tilesK) * tilesK) * 4u;
        let d = dz + vec4(min(m0, M - 1u), min(m0 + 1u, M - 1u), min(m0 + 2u, M - 1u), min(m0 + 3u, M - 1u)) * N;
        let w = pBase + L.wOff + vec4(min(k0, K - 1u), min(k0 + 1u, K - 1u), min(k0 + 2u, K - 1u), min(k0 + 3u, K - 1u));
        var acc = array<vec4<f32>, 4>(vec4(0.0), vec4(0.0), vec4(0.0), vec4(0.0));
        for (var n = 0u; n < N; n++) {
          let da = vec4(ws[d.x + n], ws[d.y + n], ws[d.z + n], ws[d.w + n]);
          let wn = w + n * K;
          let wb = vec4(params[wn.x], params[wn.y], params[wn.z], params[wn.w]);
          acc = outer4(acc, da, wb);
        }
        for (var r = 0u; r < 4u && m0 + r < M; r++) {
          let o = a + (m0 + r) * K + k0;
          for (var c = 0u; c < 4u && k0 + c < K; c++) { ws[o + c] = acc[r][c] * actGrad1(ws[o + c], gate); }
        }
      }
      sync();
    }
  }
}
