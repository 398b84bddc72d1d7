/** CPU twin of shaders/gather.wgsl: out[r, :] = src[idx[r], :]; src: [n, D], idx: [R] → out: [R, D]. */
export function gatherRows(src: Float32Array, idx: Uint32Array, D: number): Float32Array {
  const out = new Float32Array(idx.length * D);
  idx.forEach((s, r) => out.set(src.subarray(s * D, s * D + D), r * D));
  return out;
}
