/**
 * Small trained networks for the fusion tests: spiral runs (2 → 16 → 16 → 3) trained by full-batch
 * gradient descent from the initialisation of a given seed, all on the data of seed 1 (one test set).
 */
import { validateConfig } from '../config';
import { lossAndGradient } from '../fastNetwork';
import { setupRun, type RunSetup } from '../run';

/** A spiral run with 2-16-16-3… widths, trained by full-batch gradient descent for `steps` steps. */
export function trainedSpiral(seed: number, steps = 150): { setup: RunSetup; params: Float32Array } {
  const setup = setupRun(validateConfig({ dataset: 'spiral', samples: 300, hidden: [16, 16], seed: 1 }).config);
  const { spec, layout, data } = setup.init;
  const params = setupRun(validateConfig({ dataset: 'spiral', samples: 300, hidden: [16, 16], seed }).config).init.params.slice();
  for (let t = 0; t < steps; t++) {
    const { grads } = lossAndGradient(spec, layout, params, data.train.x, data.train.y, data.train.n, 'crossentropy');
    for (let i = 0; i < params.length; i++) params[i] -= 0.5 * grads[i];
  }
  return { setup, params };
}

