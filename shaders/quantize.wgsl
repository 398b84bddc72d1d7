// Quantization kernels (REFERENCE.md "Quantization"). CPU twin: engine/ops/quantize.ts.
//
// ranges:     one workgroup per scale slot (a whole tensor, or one row of W [out, in] per channel).
//             chans[c] = (offset, count, bits, flags: 1 affine) → qp[c] = (s, z, observed min, observed max)
//             symmetric: s = max|x|/qmax, z = 0, narrow range; affine: [min, max] widened to include 0,
//             s = (max − min)/(qmax − qmin), z = clamp(qmin − round(min/s), qmin, qmax); s ≥ float32 epsilon.
//             1 bit: s = mean|x| (≥ epsilon), z = 0.
// fake_quant: segs[g] = (offset, size, cols, bits, flags: 1 affine | 2 per channel, base slot, 0, 0); the
//             workgroup grid is (x: chunks of WG entries, y: segment).
//             dst = (clamp(round(x/s) + z, qmin, qmax) − z)·s (round half to even); 1 bit: sign(x)·s with
//             sign(0) = 0; 32 bits: dst = x.
// ste:        dst (the gradient) keeps its value where qmin − SLACK ≤ x/s + z ≤ qmax + SLACK, else +0;
//             1-bit and 32-bit segments pass everything. SLACK = 2^-10 of a level absorbs the float32
//             rounding of x/s at the range ends (see engine/ops/quantize.ts steGradient).

override WG: u32 = 256u;
const EPS: f32 = 1.1920929e-7;
const SLACK: f32 = 0.0009765625;

struct Chan { offset: u32, count: u32, bits: u32, flags: u32 }
struct Seg { offset: u32, size: u32, cols: u32, bits: u32, flags: u32, base: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> chans: array<Chan>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> qpOut: array<vec4<f32>>;

var<workgroup> lo: array<f32, WG>;
var<workgroup> hi: array<f32, WG>;
var<workgroup> ab: array<f32, WG>;

// (qmin, qmax) for b bits: signed range, or the narrow range when symmetric.
fn qrange(bits: u32, affine: bool) -> vec2<f32> {
  let h = f32(1u << (bits - 1u));
  return select(vec2<f32>(1.0 - h, h - 1.0), vec2<f32>(-h, h - 1.0), affine);
}

@compute @workgroup_size(WG)
fn ranges(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lidv: vec3<u32>) {
  let c = wg.x + wg.y * nwg.x;
  if (c >= arrayLength(&chans)) { return; }
  let lid = lidv.x;
  let ch = chans[c];
  var mn = 3.4e38;
  var mx = -3.4e38;
  var sa = 0.0;
  for (var i = lid; i < ch.count; i += WG) {
    let v = x[ch.offset + i];
    mn = min(mn, v);
    mx = max(mx, v);
    sa += abs(v);
  }
  lo[lid] = mn;
  hi[lid] = mx;
  ab[lid] = sa;
  workgroupBarrier();
  for (var w = WG / 2u; w > 0u; w = w / 2u) {
    if (lid < w) {
      lo[lid] = min(lo[lid], lo[lid + w]);
      hi[lid] = max(hi[lid], hi[lid + w]);
      ab[lid] += ab[lid + w];
    }
    workgroupBarrier();
  }
  if (lid != 0u) { return; }
  let vmin = select(lo[0], 0.0, ch.count == 0u);
  let vmax = select(hi[0], 0.0, ch.count == 0u);
  let affine = (ch.flags & 1u) != 0u;
  if (ch.bits == 1u) {
    qpOut[c] = vec4<f32>(max(ab[0] / f32(max(ch.count, 1u)), EPS), 0.0, vmin, vmax);
    return;
  }
  let q = qrange(ch.bits, affine);
  if (!affine) {
    qpOut[c] = vec4<f32>(max(max(-vmin, vmax) / q.y, EPS), 0.0, vmin, vmax);
    return;
  }
  let l = min(vmin, 0.0);
  let h = max(vmax, 0.0);
  let s = max((h - l) / (q.y - q.x), EPS);
  let z = clamp(q.x - round(l / s), q.x, q.y);
  qpOut[c] = vec4<f32>(s, z, vmin, vmax);
}

@group(0) @binding(0) var<storage, read> segs: array<Seg>;
@group(0) @binding(2) var<storage, read> qp: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;

// The segment, the entry's index in the allocation and its (s, z), or false when past the segment's end.
struct Entry { seg: Seg, idx: u32, s: f32, z: f32, ok: bool }

fn entry(wg: vec3<u32>, lid: u32) -> Entry {
  let seg = segs[wg.y];
  let i = wg.x * WG + lid;
  var e = Entry(seg, seg.offset + i, 1.0, 0.0, i < seg.size);
  if (e.ok && seg.bits != 32u) {
    let slot = seg.base + select(0u, i / max(seg.cols, 1u), (seg.flags & 2u) != 0u);
    e.s = qp[slot].x;
    e.z = qp[slot].y;
  }
  return e;
}

@compute @workgroup_size(WG)
fn fake_quant(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let e = entry(wg, lid.x);
  if (!e.ok) { return; }
  let v = x[e.idx];
  if (e.seg.bits == 32u) {
    dst[e.idx] = v;
  } else if (e.seg.bits == 1u) {
    dst[e.idx] = sign(v) * e.s;
  } else {
    let q = qrange(e.seg.bits, (e.seg.flags & 1u) != 0u);
    dst[e.idx] = (clamp(round(v / e.s) + e.z, q.x, q.y) - e.z) * e.s;
  }
}

@compute @workgroup_size(WG)
fn ste(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let e = entry(wg, lid.x);
  if (!e.ok || e.seg.bits == 32u || e.seg.bits == 1u) { return; }
  let q = qrange(e.seg.bits, (e.seg.flags & 1u) != 0u);
  let v = x[e.idx] / e.s + e.z;
  if (!(v >= q.x - SLACK && v <= q.y + SLACK)) { dst[e.idx] = 0.0; }
}
