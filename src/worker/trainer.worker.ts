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

scope.onmessage = (e: MessageEvent<ToWorker>) => host.enqueue(() => host.handle(e.data));
