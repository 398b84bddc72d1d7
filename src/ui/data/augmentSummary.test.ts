/** The words for an augmented batch: every digit's shift is listed, mixed labels name both classes. */
import { describe, expect, it } from 'vitest';
import type { AugmentedView } from '../../worker/protocol';
import { augmentedSummary, ghostSummary, sampleCaption, sampleLabel } from './augmentSummary';

function view(extra: Partial<AugmentedView>): AugmentedView {
  const targets = new Float32Array(3 * 10);
  targets[7] = 1; // row 0: a 7
  targets[10 + 2] = 0.75; // row 1: 2 mixed with 1
  targets[10 + 1] = 0.25;
  targets[20 + 0] = 1;
  return {
    step: 12, rows: 3, image: { width: 28, height: 28, pixels: new Uint8Array(3 * 784) }, points: null, targets,
    dx: [2, 0, -1], dy: [-1, 0, 2], angle: [12.4, -3, 0], lambda: [1, 0.75, 1], partner: [0, 2, 2],
    settings: { shift: 2, rotation: 0, noise: 0, mixup: 0 }, ...extra,
  };
}

describe('augmentSummary', () => {
  it('lists each digit’s shift and how many moved', () => {
    expect(augmentedSummary(view({}))).toBe(
      '3 digits of step 12’s batch as the network sees them: shifted by up to ±2 pixels: 2 of 3 moved; shifts right, down: (+2, −1), (0, 0), (−1, +2). Labels: 7, 2+1, 0.',
    );
  });

  it('names turns, noise and mixup when they are on', () => {
    const s = augmentedSummary(view({ settings: { shift: 0, rotation: 15, noise: 0.3, mixup: 0.4 } }));
    expect(s).toContain('turned by up to ±15°: 12°, −3°, 0°');
    expect(s).toContain('pixel noise σ 0.3');
    expect(s).toContain('mixup a 0.4, own share λ 1.00, 0.75, 1.00');
    expect(s).not.toContain('shifted');
  });

  it('captions and labels: the likeliest class, and the class mixed in', () => {
    const v = view({ settings: { shift: 2, rotation: 10, noise: 0, mixup: 0.2 } });
    expect(sampleLabel(v, 1)).toBe('2+1');
    expect(sampleCaption(v, 0)).toEqual({ label: '7', moved: '+2,−1 12°' });
  });

  it('ghosts: points of the batch with the settings, without every row’s draws', () => {
    expect(ghostSummary(view({ image: null, settings: { shift: 0, rotation: 0, noise: 0.2, mixup: 0.4 } }))).toBe(
      'Faint ghosts: 3 points of step 12’s batch as the network sees them (jitter σ 0.2; mixup a 0.4).',
    );
    expect(ghostSummary(view({ image: null, points: new Float32Array(6), settings: { shift: 0, rotation: 0, noise: 0.2, mixup: 0 } }))).toBe(
      'Faint ghosts: 3 points of step 12’s batch as the network sees them (jitter σ 0.2).',
    );
  });
});
