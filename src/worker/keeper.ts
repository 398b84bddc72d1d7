/**
 * Keeps one run: its id and name in the run history (src/store), its latest checkpoint in memory (what a
 * lost GPU resumes from), and the saves into IndexedDB: every SAVE_MS while training, on Pause, with
 * Save run, and before the run is replaced (a new model, Reset, Open, Import). One save at a time; a failed save is reported once per kind of failure and the run goes on
 * (storage full, private mode: nothing is half-written, the store writes one transaction per save).
 */
import type { Checkpoint } from '../engine/checkpoint';
import type { Trainer } from '../engine/train/trainer';
import { RunStoreError } from '../store/runStoreError';
import type { RunStore, RunSummary } from '../store/runStore';

/** Autosave period while training. */
export const SAVE_MS = 4000;

export interface KeeperHooks {
  /** The run history, opened once per worker (rejects with a RunStoreError when unavailable). */
  store(): Promise<RunStore>;
  saved(summary: RunSummary): void;
  failed(message: string): void;
}

export class RunKeeper {
  /** The checkpoint last taken (saved or not), or null before the first. */
  checkpoint: Checkpoint | null = null;
  private lastAt = performance.now();
  private saving: Promise<unknown> | null = null;
  private reported = new Set<string>();
  /** The step of the last successful save (−1: none). */
  private savedStep = -1;

  constructor(
    readonly storeId: string,
    public name: string | null,
    private readonly trainer: Trainer,
    private readonly hooks: KeeperHooks,
  ) {}

  /** Saves when SAVE_MS have passed since the last save (called between training chunks). */
  tick(): void {
    if (this.saving || performance.now() - this.lastAt < SAVE_MS) return;
    void this.save(null, false);
  }

  /**
   * Takes a checkpoint and writes it (the run's name: `name`, else the one it has). `explicit` (Save run):
   * also a run at step 0, and a failure is always reported.
   */
  async save(name: string | null, explicit: boolean): Promise<void> {
    while (this.saving) await this.saving.catch(() => {});
    // nothing to keep yet, or nothing new since the last save
    if (!explicit && (this.trainer.step === 0 || this.trainer.step === this.savedStep)) return;
    this.lastAt = performance.now();
    const job = this.write(name, explicit);
    this.saving = job;
    try {
      await job;
    } finally {
      this.saving = null;
    }
  }

  /** Resolves when no save is under way. */
  async settled(): Promise<void> {
    while (this.saving) await this.saving.catch(() => {});
  }

  private async write(name: string | null, explicit: boolean): Promise<void> {
    let ckpt: Checkpoint;
    try {
      ckpt = await this.trainer.checkpoint();
    } catch (e) {
      // the device went away mid-read: the device-loss path reports it and resumes from the last one
      if (explicit) this.hooks.failed(`The run could not be read for saving: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.checkpoint = ckpt;
    try {
      const store = await this.hooks.store();
      const storedBytes = this.trainer.compressor.view(ckpt.config).total.best;
      const summary = await store.save(this.storeId, name ?? this.name, ckpt, { storedBytes, backend: this.trainer.lanes[0].backend.info.name });
      this.name = summary.name;
      this.savedStep = ckpt.step;
      this.reported.clear();
      this.hooks.saved(summary);
    } catch (e) {
      const kind = e instanceof RunStoreError ? e.kind : 'failed';
      const message = e instanceof Error ? e.message : String(e);
      if (explicit || !this.reported.has(kind)) this.hooks.failed(message);
      this.reported.add(kind);
    }
  }
}
