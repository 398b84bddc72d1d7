// Per-segment statistics and histograms in one dispatch: workgroup s handles segment s of a buffer
// (a layer's W or b inside the one parameter or gradient allocation).
//   segs[s] = (offset, size) in floats
//   out[s·(BINS+4) + 0..3] = bits(min), bits(max), bits(Σx²), bits(Σ|x|);  + 4.. = counts[BINS]
// Bin i covers [min + i·w, min + (i+1)·w) with w = (max − min)/BINS; the last bin includes max; all-equal
// values land in bin BINS/2. CPU twin: engine/ops/histogram.ts.

override WG: u32 = 256u;
override BINS: u32 = 32u;

struct Segment { offset: u32, size: u32 }

@group(0) @binding(0) var<storage, read> segs: array<Segment>;
@group(0) @binding(1) var<storage, read> values: array<f32>;
@group(0) @binding(2) var<storage, read_write> outHist: array<u32>;

var<workgroup> lo: array<f32, WG>;
var<workgroup> hi: array<f32, WG>;
var<workgroup> sq: array<f32, WG>;
var<workgroup> ab: array<f32, WG>;
var<workgroup> bins: array<atomic<u32>, BINS>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let seg = segs[wg.x];
  var mn = 3.4e38;
  var mx = -3.4e38;
  var s2 = 0.0;
  var s1 = 0.0;
  for (var i = lid.x; i < seg.size; i += WG) {
    let v = values[seg.offset + i];
    mn = min(mn, v);
    mx = max(mx, v);
    s2 += v * v;
    s1 += abs(v);
  }
  lo[lid.x] = mn;
  hi[lid.x] = mx;
  sq[lid.x] = s2;
  ab[lid.x] = s1;
  for (var b = lid.x; b < BINS; b += WG) { atomicStore(&bins[b], 0u); }
  workgroupBarrier();
  for (var w = WG / 2u; w > 0u; w = w / 2u) {
    if (lid.x < w) {
      lo[lid.x] = min(lo[lid.x], lo[lid.x + w]);
      hi[lid.x] = max(hi[lid.x], hi[lid.x + w]);
      sq[lid.x] += sq[lid.x + w];
      ab[lid.x] += ab[lid.x + w];
    }
    workgroupBarrier();
  }
  let vmin = lo[0];
  let vmax = hi[0];
  let width = vmax - vmin;
  for (var i = lid.x; i < seg.size; i += WG) {
    var b = BINS / 2u;
    if (width > 0.0) {
      let f = floor((values[seg.offset + i] - vmin) / width * f32(BINS));
      b = u32(clamp(f, 0.0, f32(BINS - 1u)));
    }
    atomicAdd(&bins[b], 1u);
  }
  workgroupBarrier();
  let base = wg.x * (BINS + 4u);
  if (lid.x == 0u) {
    let empty = seg.size == 0u;
    outHist[base] = bitcast<u32>(select(vmin, 0.0, empty));
    outHist[base + 1u] = bitcast<u32>(select(vmax, 0.0, empty));
    outHist[base + 2u] = bitcast<u32>(sq[0]);
    outHist[base + 3u] = bitcast<u32>(ab[0]);
  }
  for (var b = lid.x; b < BINS; b += WG) { outHist[base + 4u + b] = atomicLoad(&bins[b]); }
}
