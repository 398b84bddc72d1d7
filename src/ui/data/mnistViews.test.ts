import { describe, expect, it } from 'vitest';
import { colourLimit, digitRgba, divergingColour } from '../common/digitPixels';
import { loadingText } from '../common/LoadingBar';
import { zeroBin } from '../regularize/WeightHistograms';

describe('download progress text', () => {
  it('reads "MNIST: 3.1 of 11.2 MB", or the bytes so far while the size is unknown', () => {
    expect(loadingText({ what: 'MNIST', loaded: 3_100_000, total: 11_200_000 })).toBe('MNIST: 3.1 of 11.2 MB');
    expect(loadingText({ what: 'MNIST', loaded: 2_049_999, total: 0 })).toBe('MNIST: 2.0 MB');
    expect(loadingText({ what: 'MNIST', loaded: 12e6, total: 11.2e6 })).toBe('MNIST: 11.2 of 11.2 MB');
  });
});

describe('zero bin of a weight histogram', () => {
  it('is the bin the histogram kernel puts 0 into, or -1 when 0 is outside the range', () => {
    expect(zeroBin({ min: -1, max: 1, counts: new Array(30).fill(0) })).toBe(15); // 0 on a boundary goes up, as floor does
    expect(zeroBin({ min: -1, max: 3, counts: new Array(4).fill(0) })).toBe(1);
    expect(zeroBin({ min: -2.3, max: 0, counts: new Array(30).fill(0) })).toBe(29); // 0 at the top edge: the last bin
    expect(zeroBin({ min: 0.1, max: 2, counts: [1, 2] })).toBe(-1);
    expect(zeroBin({ min: 0, max: 0, counts: [5] })).toBe(0);
  });
});

describe('digit and weight pixels', () => {
  it('paints ink dark on white and a pruned (zero) weight white, signs in two hues', () => {
    const px = new Uint8Array(784);
    px[0] = 255;
    const rgba = digitRgba(px);
    expect([...rgba.slice(0, 4)]).toEqual([0, 0, 0, 255]);
    expect([...rgba.slice(4, 8)]).toEqual([255, 255, 255, 255]);
    expect(divergingColour(0, 1)).toEqual([255, 255, 255]);
    const [nr, , nb] = divergingColour(-1, 1);
    const [pr, , pb] = divergingColour(1, 1);
    expect(nb).toBeGreaterThan(nr); // blue for negative
    expect(pr).toBeGreaterThan(pb); // orange for positive
    expect(divergingColour(5, 1)).toEqual(divergingColour(1, 1)); // clipped at the limit
  });

  it('takes the colour limit from the non-zero weights only', () => {
    const w = new Float32Array(1000);
    for (let i = 0; i < 100; i++) w[i] = (i + 1) / 100; // 0.01..1, the rest pruned
    expect(colourLimit(w)).toBeCloseTo(1, 5);
    expect(colourLimit(new Float32Array(10))).toBe(1);
  });
});
