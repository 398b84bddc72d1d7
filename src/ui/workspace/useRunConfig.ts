/**
 * Bookkeeping for the run config between the controls and the worker:
 * - `config`: what the controls show (the last config sent, or the worker's once it has answered);
 * - `accepted`: the config the worker actually runs, which the controls fall back to when a new model is
 *   refused (too big for the device, MNIST not loadable).
 * The UI does not predict whether a change rebuilds the run: the worker answers every 'configure' with
 * 'configured' (live or rebuilt) or a refusal, and says why each run was built ('ready'.cause).
 */
import { useCallback, useRef, useState } from 'react';
import { configToHash, type RunConfig } from '../../engine/config';
import type { ReadyCause, ToWorker } from '../../worker/protocol';

export interface RunConfigState {
  config: RunConfig;
  /**
   * Sends a validated config to the worker (nothing when it equals the last one sent). `fresh`: a new run
   * from step 0 with it, even when it equals the last one or could apply live (a lesson).
   */
  apply(next: RunConfig, fresh?: boolean): void;
  /** The worker took a config (live or by rebuilding the run). */
  answered(config: RunConfig): void;
  /** The worker built a run with this config for `cause` (an opened, imported or recovered run brings its own). */
  ready(config: RunConfig, cause: ReadyCause): void;
  /** The worker refused the last change: go back to the config it still runs. Returns that config. */
  refused(): RunConfig;
}

const same = (a: RunConfig, b: RunConfig) => configToHash(a) === configToHash(b);

export function useRunConfig(initial: RunConfig, send: (msg: ToWorker) => void): RunConfigState {
  const [config, setConfig] = useState(initial);
  const sent = useRef(initial);
  const accepted = useRef(initial);
  /** Configs sent and not yet answered. */
  const pending = useRef(0);

  const adopt = useCallback((c: RunConfig) => {
    sent.current = c;
    setConfig(c);
  }, []);

  const apply = useCallback(
    (next: RunConfig, fresh = false) => {
      setConfig(next);
      if (same(next, sent.current) && !fresh) return;
      pending.current++;
      sent.current = next;
      send(fresh ? { type: 'configure', config: next, fresh } : { type: 'configure', config: next });
    },
    [send],
  );

  const answered = useCallback(
    (c: RunConfig) => {
      pending.current = Math.max(0, pending.current - 1);
      accepted.current = c;
      if (pending.current === 0 && !same(c, sent.current)) adopt(c);
    },
    [adopt],
  );

  const ready = useCallback(
    (built: RunConfig, cause: ReadyCause) => {
      // a rebuild asked for by 'configure' is settled by its 'configured' answer
      if (cause === 'new' && pending.current > 0) return;
      accepted.current = built;
      if (!same(built, sent.current)) adopt(built);
    },
    [adopt],
  );

  const refused = useCallback(() => {
    pending.current = Math.max(0, pending.current - 1);
    adopt(accepted.current);
    return accepted.current;
  }, [adopt]);

  return { config, apply, answered, ready, refused };
}
