/** The Sweep page's typed handle on its worker. */
import { workerClient, type WorkerClient } from '../../worker/workerClient';
import type { FromSweep, ToSweep } from './sweepProtocol';

export type SweepClient = WorkerClient<ToSweep, FromSweep>;

export function createSweepClient(): SweepClient {
  const worker = new Worker(new URL('./sweep.worker.ts', import.meta.url), { type: 'module' });
  return workerClient(worker, (message): FromSweep => ({ type: 'error', message: `The sweep worker failed: ${message}` }));
}
