/// <reference lib="webworker" />
/**
 * The training worker: a scheduler and a mailbox, no training rule. Messages (protocol.ts) go to the Host
 * one at a time; the Host starts runs on the engine's Trainer and a Session schedules each one's steps,
 * evaluations and saves.
 */
import { Host } from './host';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = new Host((msg: FromWorker, transfer: Transferable[] = []) => scope.postMessage(msg, transfer), scope.location.href);
/** The page was opened with ?test-hooks (its 'init' says so): 'crash' is honoured. */
let testHooks = false;

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type === 'init') testHooks = msg.testHooks === true;
  if (msg.type === 'crash') return crash(msg.how);
  host.enqueue(() => host.handle(msg));
};

/** Test hook: break as a bug would, at once (not behind the messages queued before it). */
function crash(how: 'throw' | 'close'): void {
  if (!testHooks) {
    scope.postMessage({ type: 'error', kind: 'internal', message: 'The worker ignored a crash request: test hooks are off (open the page with ?test-hooks).' } satisfies FromWorker);
    return;
  }
  if (how === 'close') scope.close();
  else
    setTimeout(() => {
      throw new Error('Deliberate crash (test hook)');
    });
}
