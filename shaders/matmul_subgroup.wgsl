// The matmul of shaders/matmul.wgsl for a CPU emulation with 4-wide subgroups (SwiftShader), where every
// load from a buffer is a gather, one per lane, and costs more than the multiply-adds it feeds.
// kernels/matmul.ts prepends `enable subgroups;`, activation.wgsl, matmul_blocks.wgsl and matmul.wgsl
// (dims, bindings, tile loads, finish and the row sums) and picks this entry point only where the device
// has subgroups of at least 4 and both operands can be read as vec4s.
//
// A workgroup is one subgroup of 4 lanes and computes a 64×64 block of C: lane j owns columns
// n + 16j … n + 16j + 15 of rows m … m + 63 (four Block16s) and reads its own B tiles. The A tiles are
// the same for all four lanes: each lane reads one row (one column when TRANS_A) of every 4×4 tile and
// subgroupBroadcast hands it to the others, so A costs each lane a quarter of the loads of main32v.
// Per step of 4 along K a lane makes 16 + 16 vec4 loads (A, B) for 4,096 multiply-adds (main32v: 64 for
// as many). Measured on SwiftShader as GFLOP per CPU-second of the GPU process (robust to other load on
// the machine): 8–12% more than main32v at 512 and 1024. The same 64×64 footprint per workgroup as
// main32v in its 2×2 workgroup, so the tiling choice is unchanged.

// Tile t of op(A) at (m, k), rows m…m+3 and columns k…k+3, as a mat4x4 whose column j is op(A)[m…m+3, k+j]:
// lane `lane` reads row m+lane (a vec4 along k) or, TRANS_A, column k+lane (a vec4 along m).
fn tileAsg(m: u32, k: u32, lane: u32) -> mat4x4<f32> {
  if (TRANS_A) {
    let v = A[(k + lane) * (dims.M / 4u) + min(m, dims.M - 4u) / 4u];
    return mat4x4(subgroupBroadcast(v, 0u), subgroupBroadcast(v, 1u), subgroupBroadcast(v, 2u), subgroupBroadcast(v, 3u));
  }
  let v = A[min(m + lane, dims.M - 1u) * (dims.K / 4u) + k / 4u];
  return transpose(mat4x4(subgroupBroadcast(v, 0u), subgroupBroadcast(v, 1u), subgroupBroadcast(v, 2u), subgroupBroadcast(v, 3u)));
}

fn a4sg(m: u32, k: u32, lane: u32) -> Tiles4 {
  return Tiles4(tileAsg(m, k, lane), tileAsg(m + 4u, k, lane), tileAsg(m + 8u, k, lane), tileAsg(m + 12u, k, lane));
}

// No early return: every lane takes part in every broadcast (rows and columns past the edge are clamped on
// load and dropped on store, as in matmul.wgsl).
@compute @workgroup_size(4, 1, 1)
fn main64sg(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  let m = wg.y * 64u;
  let n = wg.x * 64u + lane * 16u;
  var c0: Block16; // rows m…m+15; c1: m+16…; c2: m+32…; c3: m+48…
  var c1: Block16;
  var c2: Block16;
  var c3: Block16;
  var s0: Sums16; // ROW_SUM, same rows
  var s1: Sums16;
  var s2: Sums16;
  var s3: Sums16;
  let kFull = dims.K & ~3u; // vec4 loads need k + 4 ≤ K: the last k (if any) float by float
  for (var k = 0u; k < kFull; k += 4u) {
    let b = b4v(k, n);
    let a0 = a4sg(m, k, lane);
    add16(&c0, a0, b);
    let a1 = a4sg(m + 16u, k, lane);
    add16(&c1, a1, b);
    let a2 = a4sg(m + 32u, k, lane);
    add16(&c2, a2, b);
    let a3 = a4sg(m + 48u, k, lane);
    add16(&c3, a3, b);
    if (ROW_SUM) { addSums16(&s0, a0); addSums16(&s1, a1); addSums16(&s2, a2); addSums16(&s3, a3); }
  }
  if (kFull < dims.K) {
    let b = b4(kFull, n);
    let a0 = a4(m, kFull);
    let a1 = a4(m + 16u, kFull);
    let a2 = a4(m + 32u, kFull);
    let a3 = a4(m + 48u, kFull);
    add16(&c0, a0, b);
    add16(&c1, a1, b);
    add16(&c2, a2, b);
    add16(&c3, a3, b);
    if (ROW_SUM) { addSums16(&s0, a0); addSums16(&s1, a1); addSums16(&s2, a2); addSums16(&s3, a3); }
  }
  finish16(m, n, &c0);
  finish16(m + 16u, n, &c1);
  finish16(m + 32u, n, &c2);
  finish16(m + 48u, n, &c3);
  storeSums16(m, n, &s0);
  storeSums16(m + 16u, n, &s1);
  storeSums16(m + 32u, n, &s2);
  storeSums16(m + 48u, n, &s3);
}
