/**
 * Toy datasets: 2-D classification (spiral, circles, xor, two gaussians) and 1-D regression
 * (the line y = 2x + 1 and a sine), with noise, a seeded train/test split and regeneration by seed.
 * Inputs live roughly in [-1, 1]; targets are rows of `outputDim` floats (one-hot for classes).
 */
import type { Head } from './strategies/multitask';
import { createRng, shuffle, type Rng } from './rng';
import { isRegression, type DatasetName, type RunConfig } from './config';
import { mnistClasses, mnistDataset, type MnistCounts, type MnistRaw } from './mnist';
import { csvSourceDataset, type CsvSource } from './data/csvSource';
import type { CsvPreview } from './data/csvDataset';

/** The datasets' display names (the Dataset control, the run history). */
export const DATASET_LABELS: Record<DatasetName, string> = {
  spiral: 'Spiral',
  circles: 'Circles',
  xor: 'XOR',
  gaussians: 'Gaussians',
  line: 'Line',
  sine: 'Sine',
  mnist: 'MNIST digits',
  csv: 'Your CSV file',
};

export type Task = 'classification' | 'regression';

export interface Split {
  /** [n, inputDim] row-major. */
  x: Float32Array;
  /** [n, outputDim] row-major: one-hot for classification, the value for regression. */
  y: Float32Array;
  n: number;
}

export interface Dataset {
  name: DatasetName;
  task: Task;
  inputDim: number;
  outputDim: number;
  train: Split;
  test: Split;
  /** Axis range that holds the data, for drawing: [min, max] of x (and of y for regression). */
  bounds: { xMin: number; xMax: number; yMin: number; yMax: number };
  /** The user's table only: what the Data & model area shows of it (engine/data/). */
  csv?: CsvInfo;
  /** Multi-task (strategies/multitaskData.ts): the targets' segments, one per head; absent: one head over all outputs. */
  heads?: Head[];
}

/** What a CSV run's data is: the file, its columns' roles, classes, split and scaling (csvDataset.ts). */
export interface CsvInfo {
  fileName: string;
  /** [outputDim] class names (classification), [] for regression. */
  classNames: string[];
  labelName: string;
  preview: CsvPreview;
}

interface Raw {
  x: number[];
  y: number[];
  task: Task;
  inputDim: number;
  outputDim: number;
}

const CLASSES = 2;
/** Turns of each spiral arm: 1.25 keeps it a real challenge that a 2-layer net still solves. */
const SPIRAL_TURNS = 1.25;

function classification(points: Array<[number, number, number]>): Raw {
  const x: number[] = [];
  const y: number[] = [];
  for (const [a, b, label] of points) {
    x.push(a, b);
    for (let c = 0; c < CLASSES; c++) y.push(c === label ? 1 : 0);
  }
  return { x, y, task: 'classification', inputDim: 2, outputDim: CLASSES };
}

function spiral(n: number, noise: number, rng: Rng): Raw {
  const pts: Array<[number, number, number]> = [];
  const half = Math.floor(n / 2);
  for (let label = 0; label < 2; label++) {
    const count = label === 0 ? half : n - half;
    for (let i = 0; i < count; i++) {
      const r = (i / count) * 0.95 + 0.05;
      const t = SPIRAL_TURNS * (i / count) * 2 * Math.PI + label * Math.PI;
      pts.push([r * Math.sin(t) + noise * 0.25 * rng.normal(), r * Math.cos(t) + noise * 0.25 * rng.normal(), label]);
    }
  }
  return classification(pts);
}

function circles(n: number, noise: number, rng: Rng): Raw {
  const pts: Array<[number, number, number]> = [];
  for (let i = 0; i < n; i++) {
    const label = i < n / 2 ? 0 : 1;
    const r = label === 0 ? rng.next() * 0.4 : 0.65 + rng.next() * 0.3;
    const t = rng.next() * 2 * Math.PI;
    pts.push([r * Math.sin(t) + noise * 0.3 * rng.normal(), r * Math.cos(t) + noise * 0.3 * rng.normal(), label]);
  }
  return classification(pts);
}

function xor(n: number, noise: number, rng: Rng): Raw {
  const pts: Array<[number, number, number]> = [];
  const pad = 0.05;
  for (let i = 0; i < n; i++) {
    let a = rng.next() * 2 - 1;
    let b = rng.next() * 2 - 1;
    a += a > 0 ? pad : -pad;
    b += b > 0 ? pad : -pad;
    const label = a * b > 0 ? 1 : 0;
    pts.push([a + noise * 0.3 * rng.normal(), b + noise * 0.3 * rng.normal(), label]);
  }
  return classification(pts);
}

function gaussians(n: number, noise: number, rng: Rng): Raw {
  const pts: Array<[number, number, number]> = [];
  const sd = 0.15 + noise * 0.8;
  for (let i = 0; i < n; i++) {
    const label = i < n / 2 ? 0 : 1;
    const c = label === 0 ? -0.45 : 0.45;
    pts.push([c + sd * rng.normal(), c + sd * rng.normal(), label]);
  }
  return classification(pts);
}

function regression(n: number, rng: Rng, f: (x: number) => number, noiseSd: number): Raw {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = rng.next() * 2 - 1;
    x.push(v);
    y.push(f(v) + noiseSd * rng.normal());
  }
  return { x, y, task: 'regression', inputDim: 1, outputDim: 1 };
}

function generateRaw(name: DatasetName, n: number, noise: number, rng: Rng): Raw {
  switch (name) {
    case 'spiral':
      return spiral(n, noise, rng);
    case 'circles':
      return circles(n, noise, rng);
    case 'xor':
      return xor(n, noise, rng);
    case 'gaussians':
      return gaussians(n, noise, rng);
    case 'line':
      return regression(n, rng, (v) => 2 * v + 1, noise);
    case 'sine':
      return regression(n, rng, (v) => Math.sin(Math.PI * v), noise);
    case 'mnist':
      throw new Error('MNIST is loaded, not generated: use makeDataset(config, mnist)');
    case 'csv':
      throw new Error('Your CSV data is uploaded, not generated: use makeDataset(config, undefined, csv)');
  }
}

/** MNIST: the first `samples` training digits and the first min(10,000, samples) test digits (of the run's Digits: mnistClasses). */
export function mnistCounts(samples: number, testDigits = 10000): MnistCounts {
  return { trainCount: samples, testCount: Math.min(testDigits, samples) };
}

/** Thrown when the run asks for the user's CSV data and there is none (the page says how to upload it). */
export class NoCsvError extends Error {}

/**
 * Generates the dataset named in the config and splits it with the config's seed; MNIST comes from the
 * loaded digits (required for that dataset) with its standard split; 'csv' from the user's kept table
 * (required), split with the config's seed and train fraction.
 */
export function makeDataset(config: Pick<RunConfig, 'dataset' | 'samples' | 'noise' | 'trainFraction' | 'seed'> & Partial<Pick<RunConfig, 'classes' | 'omitDigit'>>, mnist?: MnistRaw, csv?: CsvSource): Dataset {
  if (config.dataset === 'mnist') {
    if (!mnist) throw new Error('MNIST is not loaded yet');
    const digits = mnistClasses(mnist, config.classes ?? 'all', config.omitDigit ?? 'none');
    return mnistDataset(digits, mnistCounts(Math.min(config.samples, digits.train.n), digits.test.n));
  }
  if (config.dataset === 'csv') {
    if (!csv) throw new NoCsvError('There is no CSV data on this page yet: Upload CSV (in Data & model) to train on your own table, or open a saved run on it (Runs), which keeps its data.');
    const built = csvSourceDataset(csv, config.seed, config.trainFraction);
    if (!built.ok) throw new Error(`Your data (“${csv.fileName}”) cannot be used: ${built.message}`);
    const { task, inputDim, outputDim, train, test, bounds, classNames, preview } = built;
    return { name: 'csv', task, inputDim, outputDim, train, test, bounds, csv: { fileName: csv.fileName, classNames, labelName: csv.labelName, preview } };
  }
  const rng = createRng(Math.imul(config.seed, 2654435761) + 17); // imul: exact mod 2^32 for every seed
  const raw = generateRaw(config.dataset, config.samples, config.noise, rng);
  const n = raw.x.length / raw.inputDim;
  const order = shuffle(Uint32Array.from({ length: n }, (_, i) => i), rng);
  const nTrain = Math.min(n - 1, Math.max(1, Math.round(n * config.trainFraction)));
  const take = (idx: Uint32Array): Split => {
    const x = new Float32Array(idx.length * raw.inputDim);
    const y = new Float32Array(idx.length * raw.outputDim);
    idx.forEach((src, dst) => {
      for (let d = 0; d < raw.inputDim; d++) x[dst * raw.inputDim + d] = raw.x[src * raw.inputDim + d];
      for (let d = 0; d < raw.outputDim; d++) y[dst * raw.outputDim + d] = raw.y[src * raw.outputDim + d];
    });
    return { x, y, n: idx.length };
  };
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const a = raw.x[i * raw.inputDim];
    const b = raw.inputDim === 2 ? raw.x[i * 2 + 1] : raw.y[i];
    xMin = Math.min(xMin, a); xMax = Math.max(xMax, a);
    yMin = Math.min(yMin, b); yMax = Math.max(yMax, b);
  }
  const padX = 0.1 * (xMax - xMin || 1), padY = 0.1 * (yMax - yMin || 1);
  return {
    name: config.dataset,
    task: isRegression(config.dataset) ? 'regression' : 'classification',
    inputDim: raw.inputDim,
    outputDim: raw.outputDim,
    train: take(order.subarray(0, nTrain)),
    test: take(order.subarray(nTrain)),
    bounds: { xMin: xMin - padX, xMax: xMax + padX, yMin: yMin - padY, yMax: yMax + padY },
  };
}

/**
 * Points where the model's output is drawn: a G×G grid over the 2-D bounds (row-major, y from top),
 * or G points along x for 1-D regression.
 */
export function outputGrid(ds: Dataset, g: number): { x: Float32Array; rows: number; size: number } {
  const { xMin, xMax, yMin, yMax } = ds.bounds;
  if (ds.inputDim === 1) {
    const x = Float32Array.from({ length: g }, (_, i) => xMin + ((xMax - xMin) * i) / (g - 1));
    return { x, rows: g, size: g };
  }
  const x = new Float32Array(g * g * 2);
  for (let r = 0; r < g; r++) {
    for (let c = 0; c < g; c++) {
      const i = r * g + c;
      x[2 * i] = xMin + ((xMax - xMin) * (c + 0.5)) / g;
      x[2 * i + 1] = yMax - ((yMax - yMin) * (r + 0.5)) / g;
    }
  }
  return { x, rows: g * g, size: g };
}
