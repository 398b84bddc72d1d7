/// <reference lib="webworker" />
/**
 * The training worker: a scheduler and a mailbox, no training rule. Messages (protocol.ts) go to the Host
 * one at a time; the Host starts runs on the engine's Trainer and a Session schedules each one's steps,
 * evaluations and saves.
 */
import { Host } from './host';
import type { FromWorker, ToWorker } from './protocol';
import { webgpuCensus } from './bufferCensus';
import { probe } from './testProbe';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = new Host((msg: FromWorker, transfer: Transferable[] = []) => scope.postMessage(msg, transfer), scope.location.href);
/** The page was opened with ?test-hooks (its 'init' says so): 'crash' is honoured and `self.optiplayProbe` set. */
let testHooks = false;

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type === 'init') testHooks = msg.testHooks === true;
  if (msg.type === 'init' && testHooks) installProbe();
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

/**
 * Test hook: counts GPU buffers from here on (before the first device is requested, while handling this
 * 'init') and lets a browser test read them and the run's history with `self.optiplayProbe()` (testProbe.ts).
 */
function installProbe(): void {
  const census = webgpuCensus();
  (scope as unknown as { optiplayProbe?: () => ReturnType<typeof probe> }).optiplayProbe = () => probe(host.trainer, census?.counts() ?? null);
}
