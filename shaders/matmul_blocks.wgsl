// The register blocks both matmul shaders share (shaders/matmul.wgsl, shaders/population_matmul.wgsl;
// the kernel modules prepend this file). Each shader defines tileAS/tileBS (4×4 tiles read float by
// float), tileAV/tileBV (read as vec4s) and finish (bias, activation, gating and the store of a tile).

// Four 4×4 tiles: a column of A tiles (rows m, m+4, m+8, m+12) or a row of B tiles (columns n … n+12).
struct Tiles4 { t0: mat4x4<f32>, t1: mat4x4<f32>, t2: mat4x4<f32>, t3: mat4x4<f32> }

fn a4(m: u32, k: u32) -> Tiles4 { return Tiles4(tileAS(m, k), tileAS(m + 4u, k), tileAS(m + 8u, k), tileAS(m + 12u, k)); }
fn b4(k: u32, n: u32) -> Tiles4 { return Tiles4(tileBS(k, n), tileBS(k, n + 4u), tileBS(k, n + 8u), tileBS(k, n + 12u)); }
fn a4v(m: u32, k: u32) -> Tiles4 { return Tiles4(tileAV(m, k), tileAV(m + 4u, k), tileAV(m + 8u, k), tileAV(m + 12u, k)); }
fn b4v(k: u32, n: u32) -> Tiles4 { return Tiles4(tileBV(k, n), tileBV(k, n + 4u), tileBV(k, n + 8u), tileBV(k, n + 12u)); }

// A 16×16 block as 4×4 tiles: c[4R + C] holds rows 4R…4R+3, columns 4C…4C+3. Literal indices in the K
// loop keep the tiles in fixed places; only the epilogue indexes them by a variable.
alias Block16 = array<mat4x4<f32>, 16>;

fn add16(c: ptr<function, Block16>, a: Tiles4, b: Tiles4) {
  (*c)[0] += a.t0 * b.t0; (*c)[1] += a.t0 * b.t1; (*c)[2] += a.t0 * b.t2; (*c)[3] += a.t0 * b.t3;
  (*c)[4] += a.t1 * b.t0; (*c)[5] += a.t1 * b.t1; (*c)[6] += a.t1 * b.t2; (*c)[7] += a.t1 * b.t3;
  (*c)[8] += a.t2 * b.t0; (*c)[9] += a.t2 * b.t1; (*c)[10] += a.t2 * b.t2; (*c)[11] += a.t2 * b.t3;
  (*c)[12] += a.t3 * b.t0; (*c)[13] += a.t3 * b.t1; (*c)[14] += a.t3 * b.t2; (*c)[15] += a.t3 * b.t3;
}

fn finish16(m: u32, n: u32, c: ptr<function, Block16>) {
  for (var t = 0u; t < 16u; t++) { finish(m + 4u * (t >> 2u), n + 4u * (t & 3u), (*c)[t]); }
}
