/** The Augmented samples view of a snapshot's batch: grey levels clamped, the step counted from 1. */
import { describe, expect, it } from 'vitest';
import { augmentDraws, type AugmentSettings } from '../engine/strategies/augment';
import { augmentedView } from './augmentView';

const S: AugmentSettings = { seed: 1, step: 4, image: { width: 2, height: 1 }, shift: 1, rotation: 0, noise: 0.5, mixup: 0 };

describe('augmentedView', () => {
  it('turns a digit batch into grey levels, clamping what noise pushed out of 0…1', () => {
    const draws = augmentDraws(S, Uint32Array.of(0));
    const v = augmentedView({ rows: 1, x: Float32Array.of(-0.3, 1.4), y: Float32Array.of(0, 1), draws, settings: S });
    expect(v.step).toBe(5);
    expect(Array.from(v.image!.pixels)).toEqual([0, 255]);
    expect(v.points).toBeNull();
    expect(v.dx).toEqual([draws.dx[0]]);
    expect(v.settings).toEqual({ shift: 1, rotation: 0, noise: 0.5, mixup: 0 });
  });

  it('keeps points as they are for data that is not an image', () => {
    const s = { ...S, image: null, shift: 0 };
    const v = augmentedView({ rows: 2, x: Float32Array.of(-2, 3, 0.5, 0.25), y: Float32Array.of(1, 0, 0, 1), draws: augmentDraws(s, Uint32Array.of(3, 4)), settings: s });
    expect(v.image).toBeNull();
    expect(Array.from(v.points!)).toEqual([-2, 3, 0.5, 0.25]);
  });
});
