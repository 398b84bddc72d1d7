/**
 * Bookkeeping for the run config between the controls and the worker:
 * - `config`: what the controls show (the last config sent, or the worker's once it is ready);
 * - `accepted`: the config the worker actually runs (its last 'ready' plus live changes since), which
 *   the controls fall back to when a new model does not fit the device ('limits').
 * Learning rate and batch size apply live; any other change makes the worker rebuild and answer 'ready'.
 */
import { useCallback, useRef, useState } from 'react';
import { configToHash, needsRebuild, type RunConfig } from '../engine/config';
import type { ToWorker } from '../worker/protocol';

export interface RunConfigState {
  config: RunConfig;
  /** Sends a validated config to the worker (nothing when it equals the last one sent). */
  apply(next: RunConfig): void;
  /** The worker built a run with this config. */
  ready(config: RunConfig): void;
  /** The worker refused the last rebuild: go back to the config it still runs. Returns that config. */
  refused(): RunConfig;
}

export function useRunConfig(initial: RunConfig, send: (msg: ToWorker) => void): RunConfigState {
  const [config, setConfig] = useState(initial);
  const sent = useRef(initial);
  const accepted = useRef(initial);
  /** Rebuilds asked for and not yet answered; 'init' is the first. */
  const pending = useRef(1);

  const apply = useCallback(
    (next: RunConfig) => {
      setConfig(next);
      if (configToHash(next) === configToHash(sent.current)) return;
      if (needsRebuild(sent.current, next)) pending.current++;
      else if (!needsRebuild(accepted.current, next)) accepted.current = next;
      sent.current = next;
      send({ type: 'configure', config: next });
    },
    [send],
  );

  const ready = useCallback((built: RunConfig) => {
    pending.current = Math.max(0, pending.current - 1);
    // The live fields sent since this build are newer than the ones it carries.
    const current = !needsRebuild(built, sent.current);
    accepted.current = current ? sent.current : built;
    if (pending.current === 0 && !current) {
      sent.current = built;
      setConfig(built);
    }
  }, []);

  const refused = useCallback(() => {
    pending.current = Math.max(0, pending.current - 1);
    sent.current = accepted.current;
    setConfig(accepted.current);
    return accepted.current;
  }, []);

  return { config, apply, ready, refused };
}
