import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../engine/config';
import type { MetricPoint } from '../../worker/protocol';
import { announcement, progressText, type AnnouncedState } from './runAnnouncements';
import { IDLE, type RunInfo } from './trainerView';

const config = validateConfig({ dataset: 'spiral', hidden: [16, 16] }).config;

function run(runId: number, step = 0, task: 'classification' | 'regression' = 'classification'): RunInfo {
  return {
    runId,
    config,
    backend: { kind: 'webgpu', name: 'test adapter' },
    dataset: { task } as RunInfo['dataset'],
    lanes: ['SGD · lr 0.1'],
    widths: [2, 16, 16, 2],
    paramCount: 354,
    cause: 'new',
    step,
    storeId: 'r1',
    name: null,
  } as RunInfo;
}

const point = { step: 1200, trainLoss: 0.0421, testLoss: 0.0518, testAccuracy: 0.985 } as MetricPoint;
const state = (r: RunInfo | null, running: boolean, step: number, latest?: MetricPoint): AnnouncedState => ({
  run: r,
  status: { ...IDLE, running, step },
  latest,
});

describe('what the run’s live region says', () => {
  it('a new run, and a run reopened at its step', () => {
    expect(announcement(state(null, false, 0), state(run(1), false, 0))).toBe('New run ready: Spiral, 2 → 16 → 16 → 2, on WebGPU.');
    expect(announcement(state(run(1), false, 0), state(run(2, 1200), false, 1200))).toBe('New run ready from step 1,200: Spiral, 2 → 16 → 16 → 2, on WebGPU.');
  });

  it('Train and Pause, with the latest metrics', () => {
    const r = run(1);
    expect(announcement(state(r, false, 0), state(r, true, 0))).toBe('Training from step 0.');
    expect(announcement(state(r, true, 1200, point), state(r, false, 1200, point))).toBe('Paused at step 1,200: test loss 0.05180, test accuracy 98.5%.');
    const regression = run(1, 0, 'regression');
    expect(announcement(state(regression, true, 5), state(regression, false, 5, point))).toBe('Paused at step 5: test loss 0.05180.');
  });

  it('says nothing while a run simply goes on, or before any run', () => {
    const r = run(1);
    expect(announcement(state(r, true, 10, point), state(r, true, 500, point))).toBeNull();
    expect(announcement(state(null, false, 0), state(null, true, 0))).toBeNull();
  });

  it('the progress line, and a loss that became NaN', () => {
    expect(progressText(state(run(1), true, 1200, point))).toBe('Training, step 1,200: test loss 0.05180, test accuracy 98.5%.');
    expect(progressText(state(run(1), true, 7, { ...point, testLoss: NaN }))).toBe('Training, step 7: test loss NaN, test accuracy 98.5%.');
  });
});
