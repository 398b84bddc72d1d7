/**
 * The person picks another Backend mid-run (protocol 'backend'): the run goes on from where it is, on the
 * backend that choice gives (worker/backendRace.ts). The run is paused (its evaluation at the pause lands
 * in its history), checkpointed (the old backend's parameters and optimizer state, read back with the
 * sampler, clocks, compressor and history: engine/train/runState.ts) and restored on the new backend, then
 * set running again if it was: the loss curve keeps every point, and since the backends are deterministic
 * twins the steps after the switch are the ones the old backend would have taken. A run that cannot be
 * restored (say, a step too slow on the CPU) is refused with its reason and keeps training where it was.
 */
import type { Checkpoint } from '../engine/checkpoint';
import { Trainer } from '../engine/train/trainer';
import type { BackendChoice } from './backendRace';
import type { BackendChooser } from './backends';
import type { RunKeeper } from './keeper';
import type { FromWorker } from './protocol';
import type { Session } from './session';
import type { Start } from './runStart';

/** What a switch needs of the host (worker/host.ts). */
export interface Switching {
  chooser: BackendChooser;
  post(msg: FromWorker): void;
  session(): Session | null;
  keeper(): RunKeeper | null;
  /** The host's start: false when the run is refused (the reason posted, the current run kept). */
  start(st: Start): Promise<boolean>;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function switchBackend(h: Switching, choice: BackendChoice): Promise<void> {
  h.chooser.prefer(choice);
  const s = h.session();
  const keeper = h.keeper();
  if (!s?.alive || !keeper) return;
  const wasRunning = s.running;
  await s.pause();
  let ckpt: Checkpoint;
  try {
    ckpt = await s.trainer.checkpoint();
  } catch (e) {
    h.post({ type: 'error', kind: 'internal', message: `The run could not be moved to another backend: ${errorText(e)} It goes on where it was.` });
    s.setRunning(wasRunning);
    return;
  }
  const { config, csv } = ckpt;
  const make: Start['make'] = (setup) => Trainer.restore(ckpt, setup, h.chooser);
  const moved = await h.start({ config, cause: 'recovered', make, storeId: keeper.storeId, name: keeper.name, csv });
  const now = moved ? h.session() : s;
  if (now?.alive) now.setRunning(wasRunning);
}
