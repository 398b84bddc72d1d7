/**
 * The person's Backend choice (worker/backendRace.ts: Automatic (fastest), WebGPU or CPU), kept in this
 * browser: it is about the machine, not the experiment, so it is not in the run's link or config (a shared
 * link opened elsewhere lets that machine pick its own fastest backend; both give the same numbers). Sent
 * to the worker in 'init' (a restarted worker too) and as 'backend' when it changes.
 */
import { isBackendChoice, type BackendChoice } from '../../worker/backendRace';

export const BACKEND_KEY = 'optiplay.backend';

export function loadBackendChoice(): BackendChoice {
  try {
    const v = window.localStorage.getItem(BACKEND_KEY);
    return isBackendChoice(v) ? v : 'auto';
  } catch {
    return 'auto';
  }
}

export function saveBackendChoice(choice: BackendChoice): void {
  try {
    window.localStorage.setItem(BACKEND_KEY, choice);
  } catch {
    // storage unavailable (private mode): the choice lasts for this page
  }
}
