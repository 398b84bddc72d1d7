/**
 * Seeded pseudo-random numbers: one seed gives one run.
 * mulberry32 for uniforms, Box–Muller for normals. No global state.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** The generator's state now (a checkpoint stores it; rngFromState continues from it exactly). */
  state(): RngState;
}

/** mulberry32's counter and Box–Muller's spare normal. */
export interface RngState {
  a: number;
  spare: number | null;
}

export function createRng(seed: number): Rng {
  return rngFromState({ a: (seed >>> 0) ^ 0x9e3779b9, spare: null });
}

/** A generator that continues exactly where the one whose state() gave `s` was. */
export function rngFromState(s: RngState): Rng {
  let a = s.a >>> 0;
  let spare: number | null = s.spare;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { next, normal, int: (n) => Math.floor(next() * n), state: () => ({ a, spare }) };
}

/** Fisher–Yates shuffle in place. */
export function shuffle<T extends { length: number; [i: number]: number }>(arr: T, rng: Rng): T {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = arr[i];
    arr[i] = arr[j];
    arr[j] = t;
  }
  return arr;
}
