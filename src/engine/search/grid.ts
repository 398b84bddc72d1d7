/**
 * Grid search: every combination of a few values per parameter, asked in a fixed order.
 *
 * A float or int axis gets `pointsPerAxis` evenly spaced values from low to high (evenly spaced in log
 * space when the parameter is log, so 1e-4 … 1e-1 with 4 points is 1e-4, 1e-3, 1e-2, 1e-1); int values
 * are rounded and duplicates dropped, so a narrow int range gives fewer points. With one point an axis
 * takes its middle (the geometric middle when log). A categorical axis takes every choice.
 *
 * The grid is row-major over the space in its order: the first parameter changes slowest. ask() returns
 * the first grid point that no trial so far has (compared on the space's parameters only, so repeats of
 * one configuration over seeds, or a restarted study, do not re-ask it) and null when none is left.
 * Optuna's GridSampler visits its grid in a shuffled order; a fixed order is easier to read in a table.
 */
import type { Distribution, ParamValues, Sampler, SearchSpace, Trial } from './types';

/** Round to 12 significant digits, so that 10 ** -3 reads 0.001 and not 0.0010000000000000002. */
const tidy = (x: number): number => Number(x.toPrecision(12));

/** The values one axis takes in a grid of `points` points per float/int axis. */
export function gridAxis(dist: Distribution, points: number): Array<string | number> {
  if (dist.kind === 'categorical') return [...dist.choices];
  const n = Math.max(1, Math.floor(points));
  const { low, high, log } = dist;
  const lo = log ? Math.log10(low) : low;
  const hi = log ? Math.log10(high) : high;
  const at = (t: number): number => {
    const u = lo + t * (hi - lo);
    return log ? 10 ** u : u;
  };
  const raw = n === 1 ? [at(0.5)] : Array.from({ length: n }, (_, i) => (i === n - 1 ? at(1) : at(i / (n - 1))));
  // Pin the ends exactly (10 ** log10(x) may differ from x in the last bit).
  if (n > 1) {
    raw[0] = low;
    raw[n - 1] = high;
  }
  if (dist.kind === 'float') return raw.map(tidy);
  const ints: number[] = [];
  for (const v of raw) {
    const r = Math.min(high, Math.max(low, Math.round(v)));
    if (!ints.includes(r)) ints.push(r);
  }
  return ints;
}

/** The number of configurations in the grid (the product of the axes' lengths; 1 for an empty space). */
export function gridSize(space: SearchSpace, pointsPerAxis: number): number {
  return space.reduce((n, p) => n * gridAxis(p.dist, pointsPerAxis).length, 1);
}

/** Every configuration of the grid in ask order (row-major: the first parameter changes slowest). */
export function gridPoints(space: SearchSpace, pointsPerAxis: number): ParamValues[] {
  const axes = space.map((p) => gridAxis(p.dist, pointsPerAxis));
  const total = axes.reduce((n, a) => n * a.length, 1);
  const out: ParamValues[] = [];
  for (let index = 0; index < total; index++) {
    const values: ParamValues = {};
    let rest = index;
    for (let k = space.length - 1; k >= 0; k--) {
      const axis = axes[k];
      values[space[k].name] = axis[rest % axis.length];
      rest = Math.floor(rest / axis.length);
    }
    // Keep the space's order in the object's keys (tables and exports read them in that order).
    const ordered: ParamValues = {};
    for (const p of space) ordered[p.name] = values[p.name];
    out.push(ordered);
  }
  return out;
}

/** The key a configuration is compared by: its values for the space's parameters, in order. */
const keyOf = (space: SearchSpace, params: ParamValues): string =>
  JSON.stringify(space.map((p) => params[p.name] ?? null));

export function gridSampler(space: SearchSpace, pointsPerAxis: number): Sampler {
  const points = gridPoints(space, pointsPerAxis);
  return {
    method: 'grid',
    ask(trials: readonly Trial[]): ParamValues | null {
      const asked = new Set(trials.map((t) => keyOf(space, t.params)));
      const next = points.find((p) => !asked.has(keyOf(space, p)));
      return next === undefined ? null : { ...next };
    },
  };
}
