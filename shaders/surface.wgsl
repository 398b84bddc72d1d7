// The Landscape page's 2-D surfaces (engine/surfaces.ts, the CPU twin):
//   SURFACE 0 bowl        (x − 3)² + c·(y − 3)²
//   SURFACE 1 rosenbrock  (1 − x)² + 100·(y − x²)²
//   SURFACE 2 beale       (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²
//   SURFACE 3 himmelblau  (x² + y − 11)² + (x + y² − 7)²
//   SURFACE 4 saddle      x² − y²
// Entry `grid`: f at the G×G cell centres over the window, row-major from the top:
//   out[j·G + i] = f(xMin + (i + ½)·dx, yMax − (j + ½)·dy).
// Entry `gradient`: for racer r < n, at (x, y) = points[r·stride + 0, 1]:
//   out[r·stride + 0, 1] = ∇f(x, y); trace[(slot·n + r)·4 + 0..3] = (x, y, f(x, y), 0).
// Both entries share the uniform block and the output binding (binding 1), so neither module-scope
// binding is declared twice.

override SURFACE: u32 = 0u;
override WG: u32 = 64u;

struct Params {
  xMin: f32,
  yMax: f32,
  dx: f32,
  dy: f32,
  c: f32,
  g: u32,
  n: u32,
  stride: u32,
  slot: u32,
  pad0: u32,
  pad1: u32,
  pad2: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> points: array<f32>;
@group(0) @binding(3) var<storage, read_write> trace: array<f32>;

fn value(x: f32, y: f32) -> f32 {
  switch SURFACE {
    case 0u: {
      return (x - 3.0) * (x - 3.0) + p.c * (y - 3.0) * (y - 3.0);
    }
    case 1u: {
      let a = 1.0 - x;
      let b = y - x * x;
      return a * a + 100.0 * b * b;
    }
    case 2u: {
      let t1 = 1.5 - x + x * y;
      let t2 = 2.25 - x + x * y * y;
      let t3 = 2.625 - x + x * y * y * y;
      return t1 * t1 + t2 * t2 + t3 * t3;
    }
    case 3u: {
      let a = x * x + y - 11.0;
      let b = x + y * y - 7.0;
      return a * a + b * b;
    }
    default: {
      return x * x - y * y;
    }
  }
}

fn gradientAt(x: f32, y: f32) -> vec2<f32> {
  switch SURFACE {
    case 0u: {
      return vec2<f32>(2.0 * (x - 3.0), 2.0 * p.c * (y - 3.0));
    }
    case 1u: {
      let b = y - x * x;
      return vec2<f32>(-2.0 * (1.0 - x) - 400.0 * x * b, 200.0 * b);
    }
    case 2u: {
      let y2 = y * y;
      let y3 = y2 * y;
      let t1 = 1.5 - x + x * y;
      let t2 = 2.25 - x + x * y2;
      let t3 = 2.625 - x + x * y3;
      return vec2<f32>(2.0 * (t1 * (y - 1.0) + t2 * (y2 - 1.0) + t3 * (y3 - 1.0)), 2.0 * x * (t1 + 2.0 * y * t2 + 3.0 * y2 * t3));
    }
    case 3u: {
      let a = x * x + y - 11.0;
      let b = x + y * y - 7.0;
      return vec2<f32>(4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b);
    }
    default: {
      return vec2<f32>(2.0 * x, -2.0 * y);
    }
  }
}

@compute @workgroup_size(WG)
fn grid(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let k = gid.x + gid.y * nwg.x * WG;
  if (k >= p.g * p.g) { return; }
  let i = k % p.g;
  let j = k / p.g;
  let x = p.xMin + (f32(i) + 0.5) * p.dx;
  let y = p.yMax - (f32(j) + 0.5) * p.dy;
  out[k] = value(x, y);
}

@compute @workgroup_size(WG)
fn gradient(@builtin(global_invocation_id) gid: vec3<u32>) {
  let r = gid.x;
  if (r >= p.n) { return; }
  let x = points[r * p.stride];
  let y = points[r * p.stride + 1u];
  let gr = gradientAt(x, y);
  out[r * p.stride] = gr.x;
  out[r * p.stride + 1u] = gr.y;
  let at = (p.slot * p.n + r) * 4u;
  trace[at] = x;
  trace[at + 1u] = y;
  trace[at + 2u] = value(x, y);
  trace[at + 3u] = 0.0;
}
