/** The Distill & transfer charts' numbers (entropy, top class, lane gap) and their text summaries. */
import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../engine/train/metrics';
import type { SoftTargetsView, TransferPoint } from '../../worker/protocol';
import { entropyBits, formatGap, laneGap, latestValue, parseExampleIndex, softTargetsSummary, taughtSummary, topClass, transferSummary } from './summaries';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** softmax(z / t) over [K] logits. */
function softmax(z: number[], t: number): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp((v - m) / t));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

const point = (lane: number, step: number, testAccuracy: number | undefined, testLoss = 1): MetricPoint => ({
  lane,
  step,
  epoch: 0,
  trainLoss: testLoss,
  testLoss,
  totalLoss: testLoss,
  testAccuracy,
  gradNorms: [],
  learningRate: 0.1,
});

describe('entropyBits', () => {
  it('is log2 K for a uniform K-way distribution, the most spread', () => {
    expect(entropyBits(new Array(10).fill(0.1))).toBeCloseTo(Math.log2(10), 12);
    expect(entropyBits([0.5, 0.5])).toBeCloseTo(1, 12);
  });

  it('is 0 for a one-hot distribution and lower for a peaked one', () => {
    expect(entropyBits([0, 0, 1, 0])).toBe(0);
    const peaked = [0.91, ...new Array(9).fill(0.01)];
    expect(entropyBits(peaked)).toBeGreaterThan(0);
    expect(entropyBits(peaked)).toBeLessThan(Math.log2(10));
  });

  it('grows with T: softmax(z/T) spreads the mass (Hinton et al. 2015)', () => {
    const z = [8, 1, 0, -1, 3, 0, 0, 2, 0, -2];
    const h = [1, 2, 4, 10].map((t) => entropyBits(softmax(z, t)));
    for (let i = 1; i < h.length; i++) expect(h[i]).toBeGreaterThan(h[i - 1]);
    expect(h[3]).toBeLessThan(Math.log2(10));
  });

  it('ignores zero, negative and non-finite terms', () => {
    expect(entropyBits([0.5, 0.5, 0, -0.1, NaN])).toBeCloseTo(1, 12);
  });
});

describe('topClass', () => {
  it('names the most probable class, the first on a tie', () => {
    expect(topClass([0.1, 0.7, 0.2], ['cat', 'dog', 'bird'])).toEqual({ index: 1, name: 'dog', probability: 0.7 });
    expect(topClass([0.4, 0.4, 0.2], ['a', 'b', 'c'])?.index).toBe(0);
  });

  it('falls back to the index without a name and is null without a finite value', () => {
    expect(topClass([0.2, 0.8], [])?.name).toBe('1');
    expect(topClass([], DIGITS)).toBeNull();
    expect(topClass([NaN, NaN], DIGITS)).toBeNull();
  });
});

describe('parseExampleIndex', () => {
  it('rounds and clamps to the test split', () => {
    expect(parseExampleIndex(' 42 ', 100)).toBe(42);
    expect(parseExampleIndex('3.6', 100)).toBe(4);
    expect(parseExampleIndex('-5', 100)).toBe(0);
    expect(parseExampleIndex('1e6', 100)).toBe(99);
  });

  it('gives null for bad text or an empty split, so the field keeps its last good value', () => {
    for (const text of ['', '  ', 'abc', 'NaN', 'Infinity']) expect(parseExampleIndex(text, 100)).toBeNull();
    expect(parseExampleIndex('3', 0)).toBeNull();
  });
});

describe('softTargetsSummary', () => {
  const z = [0, 0, 1, 0, 0, 0, 0, 9, 0, 0];
  const view: SoftTargetsView = {
    index: 1234,
    label: 7,
    temperature: 4,
    teacher: softmax(z, 4),
    student: softmax(z.map((v) => v / 2), 4),
    studentAtOne: softmax(z.map((v) => v / 2), 1),
    classNames: DIGITS,
  };

  it('gives the example, T, each top class and entropy, and the uniform bound', () => {
    const text = softTargetsSummary(view);
    expect(text).toContain('Test example 1,234, true class 7, at T = 4:');
    expect(text).toContain(`teacher's top class 7 (${(view.teacher[7] * 100).toFixed(1)}%), entropy ${entropyBits(view.teacher).toFixed(2)} bits`);
    expect(text).toContain(`student's top class 7`);
    expect(text).toContain('Student at T = 1: top class 7');
    expect(text).toContain('over 10 classes has 3.32 bits');
  });

  it('leaves out the T = 1 sentence when T is 1, and says so when there is no view', () => {
    expect(softTargetsSummary({ ...view, temperature: 1 })).not.toContain('Student at T = 1');
    expect(softTargetsSummary(null)).toBe('No soft targets yet.');
  });
});

describe('latestValue and laneGap', () => {
  const taught = [point(0, 0, 0.1), point(0, 100, 0.9), point(0, 200, 0.95), point(0, 300, undefined)];
  const alone = [point(1, 0, 0.1), point(1, 100, 0.85), point(1, 200, 0.92)];

  it('finds the latest finite value, skipping evaluations without one', () => {
    expect(latestValue(taught, true)).toEqual({ step: 200, value: 0.95 });
    expect(latestValue([], true)).toBeNull();
    expect(latestValue(undefined, true)).toBeNull();
  });

  it('gives a − b in points at the latest common step, positive when a is ahead', () => {
    const gap = laneGap(taught, alone, true);
    expect(gap?.step).toBe(200);
    expect(gap?.value).toBeCloseTo(3, 9);
    expect(laneGap(alone, taught, true)?.value).toBeCloseTo(-3, 9);
  });

  it('waits for the lane behind: the gap is at the step both have reached', () => {
    const ahead = [...taught.slice(0, 3), point(0, 300, 0.97)];
    expect(laneGap(ahead, alone, true)?.step).toBe(200);
    expect(laneGap(taught, [], true)).toBeNull();
    expect(laneGap(taught, undefined, true)).toBeNull();
  });

  it('uses the test loss when the task is not classification', () => {
    const a = [point(0, 50, undefined, 0.2)];
    const b = [point(1, 50, undefined, 0.5)];
    expect(laneGap(a, b, false)?.value).toBeCloseTo(-0.3, 12);
  });

  it('formats the gap with its sign', () => {
    expect(formatGap(1.53, true)).toBe('+1.5 points');
    expect(formatGap(-0.3, true)).toBe('−0.3 points');
    expect(formatGap(-0.3, false)).toBe('−0.3000');
  });
});

describe('taughtSummary', () => {
  const lanes = [
    [point(0, 0, 0.1), point(0, 1200, 0.975)],
    [point(1, 0, 0.098), point(1, 1200, 0.96)],
  ];

  it('gives both lanes, the gap and the teacher', () => {
    const teacher = { name: 'Teacher 784-128-10', widths: [784, 128, 10], paramCount: 101770, testAccuracy: 0.982 };
    const text = taughtSummary(lanes, ['Distilled student', 'Student alone'], teacher, true);
    expect(text).toBe(
      'Test accuracy: Distilled student 97.5% at step 1,200 (from 10.0%); Student alone 96.0% at step 1,200 (from 9.8%). ' +
        'Gap at step 1,200: +1.5 points. Teacher “Teacher 784-128-10”: 98.2%.',
    );
  });

  it('says which lane has not reported', () => {
    expect(taughtSummary([lanes[0]], ['Transferred', 'From scratch'], null, true)).toBe(
      'Test accuracy: Transferred 97.5% at step 1,200 (from 10.0%); From scratch: no evaluation yet.',
    );
  });
});

describe('transferSummary', () => {
  it('reads the rows by examples, with the gaps not yet measured', () => {
    const points: TransferPoint[] = [
      { examples: 1000, scratch: 0.8, finetune: null, frozen: null },
      { examples: 100, scratch: 0.45, finetune: 0.8, frozen: 0.75 },
    ];
    expect(transferSummary(points)).toBe(
      'Target test accuracy after the same steps, by target training examples: 100 examples: from scratch 45.0%, fine-tune all 80.0%, trunk frozen 75.0%; ' +
        '1,000 examples: from scratch 80.0%, fine-tune all not yet measured, trunk frozen not yet measured.',
    );
    expect(transferSummary([])).toBe('No transfer comparison yet.');
  });
});
