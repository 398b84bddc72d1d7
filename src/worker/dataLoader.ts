/**
 * The worker's MNIST: downloaded once (data/loadMnist.ts) and kept for every later run, with progress
 * reported at most every PROGRESS_MS. Callers that ask while a download is under way share it; a failed
 * download is forgotten, so the next request tries again.
 */
import type { MnistRaw } from '../engine/mnist';

export const PROGRESS_MS = 100;

export type LoadFn = (onProgress: (loaded: number, total: number) => void) => Promise<MnistRaw>;
export type ProgressFn = (loaded: number, total: number) => void;

export class MnistSource {
  private raw: MnistRaw | null = null;
  private pending: Promise<MnistRaw> | null = null;

  constructor(
    private readonly load: LoadFn,
    private readonly onProgress: ProgressFn,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The digits, if they are loaded. */
  get loaded(): MnistRaw | null {
    return this.raw;
  }

  /** The digits: at once when loaded, else from the one download in progress (started if none is). */
  get(): Promise<MnistRaw> {
    if (this.raw) return Promise.resolve(this.raw);
    if (!this.pending) {
      let last = -Infinity;
      const progress = (loaded: number, total: number) => {
        const t = this.now();
        const done = total > 0 && loaded >= total;
        if (!done && t - last < PROGRESS_MS) return;
        last = t;
        this.onProgress(loaded, total);
      };
      this.pending = this.load(progress).then(
        (raw) => {
          this.raw = raw;
          this.pending = null;
          return raw;
        },
        (e: unknown) => {
          this.pending = null;
          throw e;
        },
      );
    }
    return this.pending;
  }
}
