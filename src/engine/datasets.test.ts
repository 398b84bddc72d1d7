import { describe, expect, it } from 'vitest';
import { DATASETS, defaultConfig, isRegression, type DatasetName, type RunConfig } from './config';
import { makeDataset, outputGrid, type Dataset, type Split } from './datasets';

const cfg = (dataset: DatasetName, patch: Partial<RunConfig> = {}) => ({
  ...defaultConfig(),
  dataset,
  loss: isRegression(dataset) ? ('mse' as const) : ('crossentropy' as const),
  ...patch,
});

const classCounts = (s: Split) => {
  const counts = [0, 0];
  for (let i = 0; i < s.n; i++) counts[s.y[2 * i + 1] === 1 ? 1 : 0]++;
  return counts;
};

/** The generated toy datasets (MNIST is loaded: see mnist.test.ts and run.test.ts; a CSV is uploaded: data/csvSource.test.ts). */
const TOY = DATASETS.filter((d) => d !== 'mnist' && d !== 'csv');

describe.each(TOY)('dataset %s', (name) => {
  const regression = isRegression(name);
  const ds = makeDataset(cfg(name));

  it('has the right task and dimensions', () => {
    expect(ds.name).toBe(name);
    expect(ds.task).toBe(regression ? 'regression' : 'classification');
    expect(ds.inputDim).toBe(regression ? 1 : 2);
    expect(ds.outputDim).toBe(regression ? 1 : 2);
  });

  it('splits samples into train + test by trainFraction', () => {
    for (const [samples, trainFraction] of [
      [600, 0.7],
      [50, 0.1],
      [51, 0.5],
      [5000, 0.9],
      [333, 0.25],
    ]) {
      const d = makeDataset(cfg(name, { samples, trainFraction }));
      expect(d.train.n + d.test.n).toBe(samples);
      expect(d.train.n).toBe(Math.round(samples * trainFraction));
      for (const s of [d.train, d.test]) {
        expect(s.x).toBeInstanceOf(Float32Array);
        expect(s.x.length).toBe(s.n * d.inputDim);
        expect(s.y.length).toBe(s.n * d.outputDim);
      }
    }
  });

  it('has finite values inside the drawing bounds', () => {
    for (const s of [ds.train, ds.test]) {
      expect(s.x.every(Number.isFinite)).toBe(true);
      expect(s.y.every(Number.isFinite)).toBe(true);
      const outside: number[] = [];
      for (let i = 0; i < s.n; i++) {
        const a = s.x[i * ds.inputDim];
        const b = ds.inputDim === 2 ? s.x[i * 2 + 1] : s.y[i];
        if (!(a > ds.bounds.xMin && a < ds.bounds.xMax && b > ds.bounds.yMin && b < ds.bounds.yMax)) outside.push(i);
      }
      expect(outside).toEqual([]);
    }
  });

  if (!regression) {
    it('has one-hot target rows and both classes in train and test, roughly balanced', () => {
      for (const s of [ds.train, ds.test]) {
        for (let i = 0; i < s.n; i++) {
          const a = s.y[2 * i], b = s.y[2 * i + 1];
          expect([a, b].sort()).toEqual([0, 1]);
        }
        const [c0, c1] = classCounts(s);
        expect(c0).toBeGreaterThan(0.3 * s.n);
        expect(c1).toBeGreaterThan(0.3 * s.n);
      }
    });

    it('shuffles the classes across the split (not class 0 first)', () => {
      const firstHalf = { ...ds.train, n: Math.floor(ds.train.n / 2) };
      const [c0, c1] = classCounts(firstHalf);
      expect(Math.min(c0, c1)).toBeGreaterThan(0.3 * firstHalf.n);
    });
  }

  it('is identical for the same seed and different for another seed', () => {
    const a = makeDataset(cfg(name, { seed: 5 }));
    const b = makeDataset(cfg(name, { seed: 5 }));
    const c = makeDataset(cfg(name, { seed: 6 }));
    expect(Array.from(b.train.x)).toEqual(Array.from(a.train.x));
    expect(Array.from(b.train.y)).toEqual(Array.from(a.train.y));
    expect(Array.from(b.test.x)).toEqual(Array.from(a.test.x));
    expect(Array.from(c.train.x)).not.toEqual(Array.from(a.train.x));
  });
});

describe('seeds', () => {
  it('large seeds give different data (the seed hash must not lose precision above 2^53)', () => {
    // 2147483647 · 2654435761 and 2144879575 · 2654435761 round to doubles equal modulo 2^32.
    const a = makeDataset(cfg('spiral', { seed: 2147483647 }));
    const b = makeDataset(cfg('spiral', { seed: 2144879575 }));
    expect(Array.from(b.train.x)).not.toEqual(Array.from(a.train.x));
  });
});

describe('regression datasets', () => {
  it('line with noise 0 lies on y = 2x + 1 (to float32 precision)', () => {
    const ds = makeDataset(cfg('line', { noise: 0, samples: 500 }));
    for (const s of [ds.train, ds.test]) {
      for (let i = 0; i < s.n; i++) {
        expect(Math.abs(s.y[i] - (2 * s.x[i] + 1))).toBeLessThan(1e-6);
        expect(Math.abs(s.x[i])).toBeLessThanOrEqual(1);
      }
    }
  });

  it('line with noise has residuals with sd ≈ noise', () => {
    const ds = makeDataset(cfg('line', { noise: 0.3, samples: 5000, trainFraction: 0.9 }));
    const s = ds.train;
    let ss = 0, sum = 0;
    for (let i = 0; i < s.n; i++) {
      const r = s.y[i] - (2 * s.x[i] + 1);
      sum += r;
      ss += r * r;
    }
    const mean = sum / s.n;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.sqrt(ss / s.n - mean * mean)).toBeCloseTo(0.3, 1);
  });

  it('sine with noise 0 lies on y = sin(πx)', () => {
    const ds = makeDataset(cfg('sine', { noise: 0 }));
    for (let i = 0; i < ds.train.n; i++) expect(Math.abs(ds.train.y[i] - Math.sin(Math.PI * ds.train.x[i]))).toBeLessThan(1e-6);
  });
});

describe('classification geometry', () => {
  it('xor with noise 0: label 1 exactly where x·y > 0', () => {
    const ds = makeDataset(cfg('xor', { noise: 0 }));
    for (let i = 0; i < ds.train.n; i++) {
      const label = ds.train.y[2 * i + 1];
      expect(label).toBe(ds.train.x[2 * i] * ds.train.x[2 * i + 1] > 0 ? 1 : 0);
    }
  });

  it('circles with noise 0: class 0 inside radius 0.4, class 1 outside 0.65', () => {
    const ds = makeDataset(cfg('circles', { noise: 0 }));
    for (let i = 0; i < ds.train.n; i++) {
      const r = Math.hypot(ds.train.x[2 * i], ds.train.x[2 * i + 1]);
      if (ds.train.y[2 * i + 1] === 1) expect(r).toBeGreaterThanOrEqual(0.65 - 1e-6);
      else expect(r).toBeLessThanOrEqual(0.4 + 1e-6);
    }
  });

  it('more noise spreads the points more', () => {
    const spread = (noise: number) => {
      const ds = makeDataset(cfg('gaussians', { noise, samples: 2000 }));
      let s = 0;
      for (let i = 0; i < ds.train.n; i++) {
        const c = ds.train.y[2 * i + 1] === 1 ? 0.45 : -0.45;
        s += (ds.train.x[2 * i] - c) ** 2;
      }
      return Math.sqrt(s / ds.train.n);
    };
    expect(spread(0.5)).toBeGreaterThan(2 * spread(0));
  });
});

describe('outputGrid', () => {
  const check2d = (ds: Dataset, g: number) => {
    const grid = outputGrid(ds, g);
    expect(grid.rows).toBe(g * g);
    expect(grid.size).toBe(g);
    expect(grid.x.length).toBe(g * g * 2);
    const { xMin, xMax, yMin, yMax } = ds.bounds;
    // Cell centres, row-major, first row at the top (largest y), x increasing along a row.
    expect(grid.x[0]).toBeCloseTo(xMin + (xMax - xMin) / (2 * g), 5);
    expect(grid.x[1]).toBeCloseTo(yMax - (yMax - yMin) / (2 * g), 5);
    expect(grid.x[2]).toBeGreaterThan(grid.x[0]);
    expect(grid.x[2 * g + 1]).toBeLessThan(grid.x[1]);
    const last = g * g - 1;
    expect(grid.x[2 * last]).toBeCloseTo(xMax - (xMax - xMin) / (2 * g), 5);
    expect(grid.x[2 * last + 1]).toBeCloseTo(yMin + (yMax - yMin) / (2 * g), 5);
  };

  it('is a G×G grid of cell centres for 2-D data', () => {
    const ds = makeDataset(cfg('spiral'));
    check2d(ds, 48);
    check2d(ds, 3);
  });

  it('is G points from xMin to xMax for 1-D data', () => {
    const ds = makeDataset(cfg('sine'));
    const grid = outputGrid(ds, 200);
    expect(grid.rows).toBe(200);
    expect(grid.size).toBe(200);
    expect(grid.x.length).toBe(200);
    expect(grid.x[0]).toBeCloseTo(ds.bounds.xMin, 5);
    expect(grid.x[199]).toBeCloseTo(ds.bounds.xMax, 5);
    for (let i = 1; i < 200; i++) expect(grid.x[i]).toBeGreaterThan(grid.x[i - 1]);
  });
});

describe('mnist', () => {
  it('is loaded, not generated: makeDataset says so without the digits', () => {
    expect(() => makeDataset(cfg('mnist'))).toThrow(/MNIST is not loaded/);
  });
});
