import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../worker/protocol';
import {
  accuracySizeSummary,
  compareSummary,
  gradientSummary,
  landscapeRaceSummary,
  lossSummary,
  mapSummary,
  misclassifiedSummary,
  raceSummary,
  scheduleSummary,
} from './chartSummaries';

const point = (step: number, over: Partial<MetricPoint> = {}): MetricPoint => ({
  lane: 0,
  step,
  epoch: 0,
  trainLoss: 0.693,
  testLoss: 0.694,
  totalLoss: 0.693,
  gradNorms: [],
  learningRate: 0.1,
  ...over,
});

describe('lossSummary', () => {
  const start = point(0, { testAccuracy: 0.5 });
  const now = point(1200, { trainLoss: 0.0421, testLoss: 0.0518, totalLoss: 0.05, testAccuracy: 0.985 });

  it('says the latest losses and accuracy and where they started', () => {
    expect(lossSummary(start, now, true, false)).toBe('Loss at step 1,200: train 0.04210, test 0.05180 (from 0.6930 and 0.6940 at step 0). Test accuracy 98.5% (from 50.0%).');
  });

  it('adds the total loss when regularized and leaves accuracy out for regression', () => {
    expect(lossSummary(start, now, false, true)).toBe('Loss at step 1,200: train 0.04210 (0.05000 with the penalty), test 0.05180 (from 0.6930 and 0.6940 at step 0).');
  });

  it('has no "from" with one evaluation, and says so when there is none', () => {
    expect(lossSummary(start, start, true, false)).toBe('Loss at step 0: train 0.6930, test 0.6940. Test accuracy 50.0%.');
    expect(lossSummary(undefined, undefined, true, false)).toBe('No loss recorded yet.');
  });

  it('names NaN and infinite values instead of dropping them', () => {
    const blown = point(90, { trainLoss: Infinity, testLoss: NaN, testAccuracy: NaN });
    expect(lossSummary(start, blown, true, false)).toBe('Loss at step 90: train ∞, test NaN (from 0.6930 and 0.6940 at step 0). Test accuracy not a number (from 50.0%).');
  });
});

describe('gradientSummary', () => {
  const format = (v: number) => v.toPrecision(3);

  it('gives each layer at the latest step and at the first', () => {
    const first = point(1, { gradNorms: [0.512, 0.634] });
    const last = point(1200, { gradNorms: [0.0123, 0.0456] });
    expect(gradientSummary(first, last, format)).toBe('Gradient norm per layer at step 1,200 (from step 1): layer 1 0.0123 (from 0.512), layer 2 0.0456 (from 0.634).');
  });

  it('handles one point, zeros, NaN and no point', () => {
    expect(gradientSummary(undefined, point(5, { gradNorms: [0, NaN, Infinity] }))).toBe('Gradient norm per layer at step 5: layer 1 0.000, layer 2 NaN, layer 3 ∞.');
    expect(gradientSummary(undefined, undefined)).toBe('No gradient norms recorded yet.');
    expect(gradientSummary(undefined, point(0))).toBe('No gradient norms recorded yet.');
  });
});

describe('raceSummary', () => {
  it('gives each lane its latest loss, accuracy and divergence', () => {
    const lanes = [
      { label: 'Adam · lr 0.01', first: point(0), last: point(1200, { trainLoss: 0.0421, testAccuracy: 0.985 }) },
      { label: 'SGD · lr 5', first: point(0), last: point(300, { trainLoss: 52100, testAccuracy: 0.1 }), haltedAt: 300 },
      { label: 'Momentum · lr 0.1', first: undefined, last: undefined },
    ];
    expect(raceSummary(lanes, true)).toBe(
      'Train loss per lane: 1, Adam · lr 0.01: 0.04210 at step 1,200 (from 0.6930), test accuracy 98.5%; ' +
        '2, SGD · lr 5: 5.21e+4 at step 300 (from 0.6930), test accuracy 10.0%, diverged at step 300; 3, Momentum · lr 0.1: no evaluation yet.',
    );
  });

  it('leaves accuracy out for regression, and says when there is no lane', () => {
    expect(raceSummary([{ label: 'SGD · lr 0.1', first: point(0), last: point(0, { testAccuracy: 0.5 }) }], false)).toBe('Train loss per lane: 1, SGD · lr 0.1: 0.6930 at step 0.');
    expect(raceSummary([], true)).toBe('No lane has reported yet.');
  });
});

describe('scheduleSummary', () => {
  it('gives the curve drawn, its range and the marker', () => {
    const points = [
      { step: 0, rate: 0.1 },
      { step: 500, rate: 0.05 },
      { step: 1150, rate: 0.001 },
    ];
    expect(scheduleSummary('cosine', points, { step: 300, rate: 0.0854 })).toBe(
      'Learning-rate schedule (cosine) over steps 0 to 1,150: 0.1000 at step 0, 0.001000 at step 1,150, between 0.001000 and 0.1000. Marker at step 300: rate 0.08540.',
    );
  });

  it('says a flat schedule is flat, and copes with no samples or a NaN rate', () => {
    const flat = [
      { step: 0, rate: 0.1 },
      { step: 1000, rate: 0.1 },
    ];
    const format = (v: number) => String(Number(v.toPrecision(3)));
    expect(scheduleSummary('constant', flat, { step: 0, rate: 0.1 }, format)).toBe('Learning-rate schedule (constant) over steps 0 to 1,000: 0.1 throughout. Marker at step 0: rate 0.1.');
    expect(scheduleSummary('warmup', [], { step: 2, rate: NaN })).toBe('Learning-rate schedule (warm-up). Marker at step 2: rate NaN.');
  });
});

describe('accuracySizeSummary', () => {
  const big = { name: 'mnist 784-300-100-10 · dense float32', bytes: 1_066_040, accuracy: 0.982 };
  const small = { name: 'mnist 784-300-100-10 · 90% magnitude · 4-bit', bytes: 38_400, accuracy: 0.961 };
  const worse = { name: 'mnist 784-300-100-10 · 99% magnitude', bytes: 50_000, accuracy: 0.5 };

  it('counts the points and names the front’s ends and the point training now', () => {
    expect(accuracySizeSummary([big, small, worse], [small, big], [small])).toBe(
      '3 configurations, 2 on the Pareto front; most accurate: mnist 784-300-100-10 · dense float32, 98.2% at 1.07 MB; ' +
        'smallest on the front: mnist 784-300-100-10 · 90% magnitude · 4-bit, 96.1% at 38.4 kB. Training now: mnist 784-300-100-10 · 90% magnitude · 4-bit, 96.1% at 38.4 kB.',
    );
  });

  it('names a one-point front once, and says when there is no point', () => {
    expect(accuracySizeSummary([big], [big], [])).toBe('1 configuration, 1 on the Pareto front; most accurate: mnist 784-300-100-10 · dense float32, 98.2% at 1.07 MB.');
    expect(accuracySizeSummary([], [], [])).toBe('No configuration evaluated yet.');
  });
});

describe('compareSummary', () => {
  const adam = { name: 'Adam run', history: [point(0, { testAccuracy: 0.5 }), point(0, { lane: 1, testLoss: 9 }), point(1200, { testLoss: 0.0421, testAccuracy: 0.985 }), point(1200, { lane: 1, testLoss: 9 })] };
  const regression = { name: 'Line run', history: [point(0, { testLoss: NaN })] };

  it('gives each run’s latest lane-0 value and its first', () => {
    expect(compareSummary([adam, regression], 'loss')).toBe('Test loss per run: Adam run 0.04210 at step 1,200 (from 0.6940); Line run NaN at step 0.');
    expect(compareSummary([adam, regression], 'accuracy')).toBe('Test accuracy per run: Adam run 98.5% at step 1,200 (from 50.0%); Line run: none.');
  });

  it('says when there is nothing to compare', () => {
    expect(compareSummary([], 'loss')).toBe('Test loss: no run to compare.');
    expect(compareSummary([{ name: 'Empty run', history: [] }], 'loss')).toBe('Test loss per run: Empty run: none.');
  });
});

describe('misclassifiedSummary', () => {
  it('names the commonest mistakes first and counts the rest', () => {
    const digits = [
      { label: 7, predicted: 2 },
      { label: 4, predicted: 9 },
      { label: 4, predicted: 9 },
      { label: 5, predicted: 3 },
      { label: 7, predicted: 2 },
      { label: 4, predicted: 9 },
      { label: 8, predicted: 1 },
      { label: 2, predicted: 7 },
    ];
    expect(misclassifiedSummary(digits)).toBe('The first 8 misclassified test digits: 4 read as 9 (3 times), 7 read as 2 (2 times), 5 read as 3 (once), and 2 others.');
  });

  it('reads one digit and none', () => {
    expect(misclassifiedSummary([{ label: 3, predicted: 5 }])).toBe('The one misclassified test digit: 3 read as 5 (once).');
    expect(misclassifiedSummary([])).toBe('No test digit is misclassified.');
  });
});

describe('landscapeRaceSummary', () => {
  it('gives each racer’s latest finite f and its first', () => {
    const racers = [
      { label: 'SGD · lr 0.015', values: [12.5, 3, 0.0123] },
      { label: 'Adam · lr 0.5', values: [12.5, 4000, NaN, NaN] },
      { label: 'Momentum · lr 0.015', values: [] },
    ];
    expect(landscapeRaceSummary(racers)).toBe('f per racer: 1, SGD · lr 0.015: 0.01230 at step 2 (from 12.50); 2, Adam · lr 0.5: 4000 at step 1 (from 12.50); 3, Momentum · lr 0.015: no value yet.');
  });

  it('reads one step and no racer', () => {
    expect(landscapeRaceSummary([{ label: 'SGD · lr 0.015', values: [Infinity, 1e-7] }])).toBe('f per racer: 1, SGD · lr 0.015: 1.00e-7 at step 1.');
    expect(landscapeRaceSummary([])).toBe('No racer yet.');
  });
});

describe('mapSummary', () => {
  it('gives where each racer is and how many steps it took', () => {
    const racers = [
      { label: 'SGD · lr 0.015', trajectory: [2.25, 3.75, 1.5, 2.1, 0.0123, -0.4567], stopped: false },
      { label: 'Adam · lr 0.5', trajectory: [2.25, 3.75, 12345, NaN], stopped: true },
      { label: 'Momentum · lr 0.015', trajectory: [], stopped: false },
    ];
    expect(mapSummary([2.25, 3.75], racers)).toBe(
      'Racers from (2.25, 3.75): 1, SGD · lr 0.015 at (0.0123, -0.457) after 2 steps; 2, Adam · lr 0.5 at (1.23e+4, NaN) after 1 step, stopped: diverged; 3, Momentum · lr 0.015 not started.',
    );
    expect(mapSummary([0, -1], [])).toBe('Racers from (0, -1).');
  });
});
